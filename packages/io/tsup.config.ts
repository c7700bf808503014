import { libraryConfig } from "@dimexp/tooling-tsup";

// h5wasm (ESM-only, ~4 MB of WASM) stays external and is imported on first HDF5 use.
export default libraryConfig({ entry: { index: "src/index.ts" }, platform: "node", external: ["h5wasm", "h5wasm/node"] });
