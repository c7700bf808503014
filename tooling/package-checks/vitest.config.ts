import { packageTestConfig } from "@dimexp/tooling-vitest";

// Each package's check packs, npm-installs and type-checks in a fresh project.
export default packageTestConfig({ testTimeout: 600_000 });
