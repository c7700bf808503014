import { packageTestConfig } from "@dimexp/tooling-vitest";

export default packageTestConfig();
