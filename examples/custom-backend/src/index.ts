// A dimexp backend of one's own: experiments as folders of JSON-lines files,
// selected by the tracking URI jsonl:<folder> once its provider is registered.

import { type BackendProvider, backendFailure, describeCause, invalidTrackingUri } from "@dimexp/core";
import { left, right } from "fp-ts/Either";
import { createJsonlBackend } from "./jsonl-backend.js";

export { createJsonlBackend } from "./jsonl-backend.js";

/**
 * `registerBackendProvider(provider)` makes `jsonl:<folder>` (and the name
 * "jsonl", meaning ./dimexp-jsonl) open this backend wherever dimexp takes a
 * tracking URI: DimExperiment.open(name, { backend: "jsonl:./runs" }), openBackend.
 */
export const provider: BackendProvider = {
  name: "jsonl",
  schemes: ["jsonl"],
  uriFromEnv: () => right("jsonl:./dimexp-jsonl"),
  open: async (uri) => {
    const folder = uri.trim().replace(/^jsonl:(\/\/)?/i, "");
    if (folder === "") return left(invalidTrackingUri(uri, "it names no folder; write jsonl:<folder>, e.g. jsonl:./runs"));
    try {
      return right(createJsonlBackend(folder));
    } catch (cause) {
      return left(backendFailure("jsonl", `open ${folder}`, describeCause(cause)));
    }
  },
};
