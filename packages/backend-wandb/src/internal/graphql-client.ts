// The GraphQL operations dimexp sends to W&B, typed. Field names follow W&B's
// schema as its SDK (core/api/graphql/*.graphql, wandb/apis/public/runs.py)
// uses it: UpsertBucket to create and update runs, the Runs query (cursor
// pagination, Mongo-style filters) and run history to read them back.

import { type HttpClient, HttpFailure } from "./http.js";
import { type JsonValue, isJsonObject, parseJson, stringifyJson } from "./json.js";

const RUN_FIELDS = `
  id
  name
  displayName
  state
  config
  summaryMetrics
  tags
  group
  createdAt
  heartbeatAt
  historyLineCount`;

const UPSERT_BUCKET = `mutation UpsertBucket($id: String, $name: String, $project: String, $entity: String, $groupName: String, $description: String, $displayName: String, $notes: String, $config: JSONString, $host: String, $program: String, $jobType: String, $state: String, $tags: [String!], $summaryMetrics: JSONString) {
  upsertBucket(input: {id: $id, name: $name, groupName: $groupName, modelName: $project, entityName: $entity, description: $description, displayName: $displayName, notes: $notes, config: $config, host: $host, jobProgram: $program, jobType: $jobType, state: $state, tags: $tags, summaryMetrics: $summaryMetrics}) {
    bucket { id name displayName historyLineCount project { id name entity { id name } } }
    inserted
  }
}`;

const RUNS = `query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
  project(name: $project, entityName: $entity) {
    runCount(filters: $filters)
    runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
      edges { node { ${RUN_FIELDS} } cursor }
      pageInfo { endCursor hasNextPage }
    }
  }
}`;

const RUN_GROUPS = `query RunGroups($project: String!, $entity: String!, $cursor: String, $perPage: Int = 500) {
  project(name: $project, entityName: $entity) {
    runs(after: $cursor, first: $perPage, order: "+created_at") {
      edges { node { name group createdAt config } cursor }
      pageInfo { endCursor hasNextPage }
    }
  }
}`;

const RUN = `query Run($project: String!, $entity: String!, $name: String!) {
  project(name: $project, entityName: $entity) {
    run(name: $name) { ${RUN_FIELDS} historyKeys }
  }
}`;

const HISTORY_PAGE = `query HistoryPage($entity: String!, $project: String!, $run: String!, $minStep: Int64!, $maxStep: Int64!, $pageSize: Int!) {
  project(name: $project, entityName: $entity) {
    run(name: $run) { history(minStep: $minStep, maxStep: $maxStep, samples: $pageSize) }
  }
}`;

const VIEWER = `query Viewer { viewer { id entity username } }`;

// As the SDK (wandb-core) asks for upload URLs of run files.
const CREATE_RUN_FILES = `mutation CreateRunFiles($entity: String!, $project: String!, $run: String!, $files: [String!]!) {
  createRunFiles(input: {entityName: $entity, projectName: $project, runName: $run, files: $files}) {
    runID
    uploadHeaders
    files { name uploadUrl }
  }
}`;

// As wandb.Api's Run.files() lists them (a LIKE pattern, cursor pages).
const RUN_FILES = `query RunFiles($project: String!, $entity: String!, $name: String!, $fileCursor: String, $fileLimit: Int = 50, $pattern: String) {
  project(name: $project, entityName: $entity) {
    run(name: $name) {
      files(after: $fileCursor, first: $fileLimit, pattern: $pattern) {
        edges { node { name url directUrl sizeBytes } cursor }
        pageInfo { endCursor hasNextPage }
      }
    }
  }
}`;

const DELETE_RUN = `mutation DeleteRun($id: ID!) { deleteRun(input: {id: $id}) { clientMutationId } }`;

export interface RawRun {
  /** W&B's storage id of the run (what DeleteRun takes) */
  readonly storageId: string;
  readonly name: string;
  readonly displayName: string | null;
  readonly state: string | null;
  readonly config: Record<string, JsonValue>;
  readonly summary: Record<string, JsonValue>;
  readonly tags: string[];
  readonly group: string | null;
  /** ms since the epoch (W&B sends UTC without a zone) */
  readonly createdAt: number | undefined;
  readonly heartbeatAt: number | undefined;
  readonly historyLineCount: number;
  /** the largest `_step` in the history (-1: none), when the query asked for historyKeys */
  readonly lastHistoryStep?: number | undefined;
}

export interface UpsertRunInput {
  readonly name: string;
  readonly project: string;
  readonly entity: string;
  readonly groupName?: string | null;
  readonly displayName?: string;
  readonly notes?: string;
  readonly config?: Record<string, JsonValue>;
  readonly host?: string;
  readonly program?: string;
  readonly jobType?: string;
  readonly state?: string;
  readonly tags?: readonly string[];
}

export interface RunFile {
  readonly name: string;
  /** where to GET it (the W&B server, with the API key) */
  readonly url: string;
  readonly sizeBytes: number;
}

export class GraphQLError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const parseTime = (text: unknown): number | undefined => {
  if (typeof text !== "string" || text === "") return undefined;
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isFinite(ms) ? ms : undefined;
};

const jsonObject = (text: unknown): Record<string, JsonValue> => {
  if (isJsonObject(text)) return text;
  if (typeof text !== "string" || text === "") return {};
  try {
    const value = parseJson(text);
    return isJsonObject(value) ? value : {};
  } catch {
    return {};
  }
};

const rawRun = (node: Record<string, unknown>): RawRun => ({
  storageId: typeof node.id === "string" ? node.id : "",
  name: String(node.name),
  displayName: typeof node.displayName === "string" ? node.displayName : null,
  state: typeof node.state === "string" ? node.state : null,
  config: jsonObject(node.config),
  summary: jsonObject(node.summaryMetrics),
  tags: Array.isArray(node.tags) ? node.tags.map(String) : [],
  group: typeof node.group === "string" && node.group !== "" ? node.group : null,
  createdAt: parseTime(node.createdAt),
  heartbeatAt: parseTime(node.heartbeatAt),
  historyLineCount: typeof node.historyLineCount === "number" ? node.historyLineCount : 0,
  lastHistoryStep: (() => {
    const keys = jsonObject(node.historyKeys);
    return typeof keys.lastStep === "number" ? keys.lastStep : undefined;
  })(),
});

export class WandbGraphQL {
  constructor(private readonly http: HttpClient) {}

  async request<T>(query: string, variables: Record<string, unknown>, what: string): Promise<T> {
    let response: { text: string };
    try {
      response = await this.http.postJson("/graphql", stringifyJson({ query, variables }), what);
    } catch (error) {
      if (error instanceof HttpFailure) throw new GraphQLError(error.message, error.retryable);
      throw error;
    }
    let payload: { data?: T | null; errors?: Array<{ message?: string }> };
    try {
      payload = parseJson(response.text) as typeof payload;
    } catch {
      throw new GraphQLError(`${what}: the server answered with something that is not JSON: ${response.text.slice(0, 200)}`, false);
    }
    if (payload.errors && payload.errors.length > 0) {
      throw new GraphQLError(`${what}: ${payload.errors.map((e) => e.message ?? "error").join("; ")}`, false);
    }
    if (!payload.data) throw new GraphQLError(`${what}: the server answered without data`, false);
    return payload.data;
  }

  async viewerEntity(): Promise<string | undefined> {
    const data = await this.request<{ viewer: { entity?: string | null } | null }>(VIEWER, {}, "read the W&B viewer");
    return data.viewer?.entity ?? undefined;
  }

  /** Creates or updates a run; `inserted` says whether it was new. */
  async upsertRun(input: UpsertRunInput, what: string): Promise<{ inserted: boolean; historyLineCount: number }> {
    const variables: Record<string, unknown> = {
      name: input.name,
      project: input.project,
      entity: input.entity,
    };
    if (input.groupName !== undefined) variables.groupName = input.groupName;
    if (input.displayName !== undefined) variables.displayName = input.displayName;
    if (input.notes !== undefined) variables.notes = input.notes;
    if (input.config !== undefined) variables.config = stringifyJson(input.config);
    if (input.host !== undefined) variables.host = input.host;
    if (input.program !== undefined) variables.program = input.program;
    if (input.jobType !== undefined) variables.jobType = input.jobType;
    if (input.state !== undefined) variables.state = input.state;
    if (input.tags !== undefined) variables.tags = input.tags;
    const data = await this.request<{ upsertBucket: { bucket: { historyLineCount?: number } | null; inserted?: boolean } | null }>(
      UPSERT_BUCKET,
      variables,
      what,
    );
    return { inserted: data.upsertBucket?.inserted === true, historyLineCount: data.upsertBucket?.bucket?.historyLineCount ?? 0 };
  }

  /** Upload URLs (and the headers to send with them) for files of a run, by file name. */
  async createRunFiles(entity: string, project: string, run: string, files: readonly string[]): Promise<{ headers: Record<string, string>; urls: Map<string, string> }> {
    const data = await this.request<{
      createRunFiles: { uploadHeaders?: string[] | null; files?: Array<{ name: string; uploadUrl?: string | null }> | null } | null;
    }>(CREATE_RUN_FILES, { entity, project, run, files }, `ask W&B where to upload ${files.length} file(s) of run ${run}`);
    const headers: Record<string, string> = {};
    // "Name:Value" strings, as wandb-core reads them
    for (const h of data.createRunFiles?.uploadHeaders ?? []) {
      const colon = h.indexOf(":");
      if (colon > 0) headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
    }
    const urls = new Map<string, string>();
    for (const f of data.createRunFiles?.files ?? []) if (f.uploadUrl) urls.set(f.name, f.uploadUrl);
    return { headers, urls };
  }

  /** The run's files whose names match a SQL LIKE pattern (W&B's), every page. */
  async runFiles(entity: string, project: string, name: string, pattern: string, perPage = 500): Promise<RunFile[]> {
    const out: RunFile[] = [];
    let cursor: string | null = null;
    for (;;) {
      const data: {
        project: {
          run: {
            files: { edges: Array<{ node: { name: string; url?: string | null; directUrl?: string | null; sizeBytes?: number | null } }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } } | null;
          } | null;
        } | null;
      } = await this.request(RUN_FILES, { entity, project, name, pattern, fileCursor: cursor, fileLimit: perPage }, `list the files of run ${name}`);
      const files = data.project?.run?.files;
      if (!files) return out;
      for (const { node } of files.edges) {
        const url = node.url ?? node.directUrl;
        if (url) out.push({ name: node.name, url, sizeBytes: node.sizeBytes ?? 0 });
      }
      if (!files.pageInfo.hasNextPage || files.edges.length === 0) return out;
      cursor = files.pageInfo.endCursor;
    }
  }

  async deleteRun(storageId: string, what: string): Promise<void> {
    await this.request(DELETE_RUN, { id: storageId }, what);
  }

  async run(entity: string, project: string, name: string): Promise<RawRun | undefined> {
    const data = await this.request<{ project: { run: Record<string, unknown> | null } | null }>(RUN, { entity, project, name }, `read run ${name}`);
    const node = data.project?.run;
    return node ? rawRun(node) : undefined;
  }

  /** Runs of a project matching a Mongo-style filter, page by page, up to `limit`. */
  async runs(
    entity: string,
    project: string,
    options: { filters?: unknown; order?: string; limit?: number; perPage?: number },
  ): Promise<RawRun[]> {
    const out: RawRun[] = [];
    let cursor: string | null = null;
    const perPage = Math.min(options.perPage ?? 100, options.limit ?? Number.POSITIVE_INFINITY);
    for (;;) {
      const data: {
        project: { runs: { edges: Array<{ node: Record<string, unknown> }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } | null;
      } = await this.request(
        RUNS,
        {
          entity,
          project,
          cursor,
          perPage: Math.max(1, perPage),
          order: options.order ?? "+created_at",
          // as wandb.Api sends it: "{}" for no filter
          filters: JSON.stringify(options.filters ?? {}),
        },
        `search runs in ${entity}/${project}`,
      );
      if (!data.project) return out;
      for (const edge of data.project.runs.edges) {
        out.push(rawRun(edge.node));
        if (options.limit !== undefined && out.length >= options.limit) return out;
      }
      if (!data.project.runs.pageInfo.hasNextPage) return out;
      cursor = data.project.runs.pageInfo.endCursor;
    }
  }

  /** name, group, createdAt (and config) of every run: enough to list experiments. */
  async runGroups(entity: string, project: string): Promise<Array<{ name: string; group: string | null; createdAt: number | undefined; config: Record<string, JsonValue> }>> {
    const out: Array<{ name: string; group: string | null; createdAt: number | undefined; config: Record<string, JsonValue> }> = [];
    let cursor: string | null = null;
    for (;;) {
      const data: {
        project: { runs: { edges: Array<{ node: Record<string, unknown> }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } | null;
      } = await this.request(RUN_GROUPS, { entity, project, cursor }, `list the runs of ${entity}/${project}`);
      if (!data.project) return out;
      for (const { node } of data.project.runs.edges) {
        out.push({
          name: String(node.name),
          group: typeof node.group === "string" && node.group !== "" ? node.group : null,
          createdAt: parseTime(node.createdAt),
          config: jsonObject(node.config),
        });
      }
      if (!data.project.runs.pageInfo.hasNextPage) return out;
      cursor = data.project.runs.pageInfo.endCursor;
    }
  }

  /**
   * Every history line of a run, in order. Pages by `_step` range as W&B's own
   * reader does; a page that comes back full may have been sampled, so its
   * range is split (or, for a single step, asked for with more samples).
   */
  async historyLines(entity: string, project: string, name: string, lineCount: number, lastStep: number, pageRows = 10_000): Promise<string[]> {
    const lines: string[] = [];
    if (lineCount === 0) return lines;
    let minStep = 0;
    let window = pageRows;
    let samples = pageRows;
    const end = Math.max(lastStep, 0) + 1;
    while (minStep < end && lines.length < lineCount) {
      const maxStep = Math.min(end, minStep + window);
      const data = await this.request<{ project: { run: { history: string[] } | null } | null }>(
        HISTORY_PAGE,
        { entity, project, run: name, minStep, maxStep, pageSize: samples },
        `read the history of run ${name}`,
      );
      const page = data.project?.run?.history ?? [];
      if (page.length >= samples) {
        if (maxStep - minStep > 1) {
          window = Math.max(1, Math.floor((maxStep - minStep) / 2));
          continue;
        }
        samples *= 4;
        continue;
      }
      for (const line of page) lines.push(line);
      minStep = maxStep;
      window = pageRows;
      samples = pageRows;
    }
    return lines;
  }
}
