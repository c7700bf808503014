// A named import lets esbuild inline just this field of package.json.
import { version } from "../../package.json";

export const CLI_VERSION: string = version;
