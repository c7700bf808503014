import { packageTestConfig } from "@dimexp/tooling-vitest";

// Each package's check packs, npm-installs and type-checks in a fresh project
// (interop); layering.test.ts only reads manifests and sources (unit).
export default packageTestConfig({ testTimeout: 600_000, interop: ["test/pack-install.test.ts", "test/readme-examples.test.ts"] });
