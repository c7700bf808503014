// @dimexp/cli/ui — the server behind `dimexp ui`, for programs that embed the
// dashboard or test against its JSON API.

export { type ApiRequest, type ApiResult, type UiApi, type UiApiOptions, createUiApi, DEFAULT_CHART_POINTS, DEFAULT_HISTORY_POINTS, MAX_COMPARED_RUNS } from "./api.js";
export { type UiServer, type UiServerOptions, dashboardAssetsDir, isLoopbackHost, startUiServer } from "./server.js";
export { type LiveHub, type LiveListener, createLiveHub } from "./live.js";
export { type Redactor, createRedactor } from "./redact.js";
export { minMaxIndices } from "./downsample.js";
export type * from "./api-types.js";
