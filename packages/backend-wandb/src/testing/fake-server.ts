// A Weights & Biases protocol fake: a small HTTP server speaking the parts of
// W&B's API that dimexp and the real `wandb` Python package use — GraphQL at
// /graphql (viewer, server info and features, projects, UpsertBucket, the
// Runs/Run queries, history, sampled and parquet-less history, run files) and
// file_stream at /files/<entity>/<project>/<run>/file_stream — with Basic
// auth, W&B's per-run file_stream rate limit (429 with RateLimit-* headers),
// fault injection and a request log. It is trusted only as far as the real
// wandb package accepts it: see this package's tests.

import { randomBytes } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { type JsonValue, isJsonObject, parseJson, stringifyJson, tryParseJson } from "../internal/json.js";
import { type GqlDocument, type GqlObject, executeGraphQL, parseGraphQL } from "./graphql.js";
import { type FilterableRun, compareForOrder, matchesMongoFilter, orderValue } from "./mongo-filter.js";

export interface WandbFakeOptions {
  /** API keys the fake accepts (default: any non-empty key) */
  readonly apiKeys?: readonly string[];
  /** the viewer's entity (default "dimexp") */
  readonly entity?: string;
  readonly host?: string;
  readonly port?: number;
  /** W&B's file_stream limit per run; false disables it (default 2 requests/s, burst 2) */
  readonly fileStreamRateLimit?: { readonly requestsPerSecond: number; readonly burst: number } | false;
}

export interface RequestLogEntry {
  /** ms since the fake started */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  /** GraphQL operation name, when the request was GraphQL */
  readonly operation?: string | undefined;
  /** GraphQL variables, when the request was GraphQL */
  readonly variables?: Record<string, unknown> | undefined;
  /** entity/project/run of a file_stream request */
  readonly run?: string | undefined;
  readonly status: number;
  readonly bytes: number;
  /** history lines in a file_stream request */
  readonly historyLines?: number | undefined;
}

export interface Fault {
  /** which requests: "graphql", "file_stream", or a RegExp on the path (default any) */
  readonly match?: "graphql" | "file_stream" | RegExp;
  /** GraphQL operation name to match */
  readonly operation?: string;
  readonly status: number;
  /** how many matching requests fail (default 1) */
  readonly times?: number;
  /** for 429: the RateLimit-Reset / Retry-After seconds (default 1) */
  readonly retryAfterSeconds?: number;
  /** apply the request, then answer with the failure (a lost response) */
  readonly afterApplying?: boolean;
}

export interface FakeRun {
  readonly storageId: string;
  readonly entity: string;
  readonly project: string;
  readonly name: string;
  displayName: string | null;
  state: string;
  config: Record<string, JsonValue>;
  summary: Record<string, JsonValue>;
  tags: string[];
  group: string | null;
  jobType: string | null;
  notes: string | null;
  description: string | null;
  host: string | null;
  program: string | null;
  commit: string | null;
  sweepName: string | null;
  readonly createdAt: string;
  heartbeatAt: string;
  /** wandb-history.jsonl lines, and each line's _step */
  readonly history: string[];
  readonly historySteps: number[];
  readonly events: string[];
  readonly logs: string[];
  exitcode: number | null;
  readonly files: Map<string, Buffer>;
  /** run files a client reported in file_stream's `uploaded` list (the SDK reports every file it uploads) */
  readonly uploaded: Set<string>;
}

export interface FakeProject {
  readonly id: string;
  readonly internalId: number;
  readonly entity: string;
  readonly name: string;
  description: string | null;
  readonly createdAt: string;
  readonly runs: Map<string, FakeRun>;
}

export interface WandbFake {
  /** base URL, e.g. http://127.0.0.1:41234 (use as WANDB_BASE_URL) */
  readonly url: string;
  /** an API key the fake accepts */
  readonly apiKey: string;
  readonly entity: string;
  /** every request, in arrival order */
  readonly requests: RequestLogEntry[];
  /** GraphQL fields and routes a client asked for that the fake does not serve */
  readonly unserved: string[];
  /** GraphQL operations a client sent, by name, with their raw query text (first of each) */
  readonly operations: Map<string, string>;
  readonly projects: Map<string, FakeProject>;
  /** queues failures for the next matching requests */
  injectFault(fault: Fault): void;
  /** drops the failures not yet used */
  clearFaults(): void;
  run(entity: string, project: string, name: string): FakeRun | undefined;
  close(): Promise<void>;
}

const nowIso = (ms = Date.now()): string => new Date(ms).toISOString().slice(0, 19);

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
};

const STEP = /"_step"\s*:\s*(-?[0-9.eE+]+)/;

/** MySQL's LIKE (W&B's file patterns): % any run of characters, _ any one, \\ escapes. */
const likePattern = (pattern: string): RegExp => {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\" && i + 1 < pattern.length) source += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else if (c === "%") source += "[\\s\\S]*";
    else if (c === "_") source += "[\\s\\S]";
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
};

/** The historyKeys JSON W&B returns: last step and per-key type counts. */
const historyKeys = (run: FakeRun): Record<string, JsonValue> => {
  const keys: Record<string, { typeCounts: Array<{ type: string; count: number }> }> = {};
  for (const line of run.history) {
    const row = tryParseJson(line);
    if (!isJsonObject(row)) continue;
    for (const [k, v] of Object.entries(row)) {
      const type = v === null ? "nil" : typeof v === "number" ? "number" : typeof v === "string" ? "string" : typeof v === "boolean" ? "bool" : "map";
      const entry = (keys[k] ??= { typeCounts: [] });
      const count = entry.typeCounts.find((c) => c.type === type);
      if (count) count.count++;
      else entry.typeCounts.push({ type, count: 1 });
    }
  }
  const lastStep = run.historySteps.length > 0 ? Math.max(...run.historySteps.filter(Number.isFinite)) : -1;
  return { lastStep, keys } as Record<string, JsonValue>;
};

/** Keeps `samples` of `items` evenly spread, first and last included (W&B samples long histories). */
const sample = <T>(items: readonly T[], samples: number | undefined): T[] => {
  if (samples === undefined || samples === null || items.length <= samples) return [...items];
  if (samples <= 0) return [];
  if (samples === 1) return [items[items.length - 1] as T];
  const out: T[] = [];
  for (let i = 0; i < samples; i++) out.push(items[Math.round((i * (items.length - 1)) / (samples - 1))] as T);
  return out;
};

const filterable = (run: FakeRun): FilterableRun => ({
  fields: {
    name: run.name,
    displayName: run.displayName,
    state: run.state,
    tags: run.tags,
    group: run.group,
    jobType: run.jobType,
    createdAt: run.createdAt,
    heartbeatAt: run.heartbeatAt,
    notes: run.notes,
    description: run.description,
    sweep: run.sweepName,
    host: run.host,
  },
  config: run.config,
  summary: run.summary,
});

export const startWandbFake = async (options: WandbFakeOptions = {}): Promise<WandbFake> => {
  const started = performance.now();
  const defaultEntity = options.entity ?? "dimexp";
  const apiKey = options.apiKeys?.[0] ?? `fake-${randomBytes(20).toString("hex")}`;
  const limit = options.fileStreamRateLimit === undefined ? { requestsPerSecond: 2, burst: 2 } : options.fileStreamRateLimit;
  const projects = new Map<string, FakeProject>();
  const requests: RequestLogEntry[] = [];
  const unserved: string[] = [];
  const operations = new Map<string, string>();
  const faults: Array<Fault & { remaining: number }> = [];
  const buckets = new Map<string, { tokens: number; at: number }>();
  const documents = new Map<string, GqlDocument>();
  let nextProjectId = 1;
  let baseUrl = "";

  const projectKey = (entity: string, name: string) => `${entity}/${name}`;
  const getProject = (entity: string, name: string) => projects.get(projectKey(entity, name));
  const ensureProject = (entity: string, name: string, description: string | null = null): FakeProject => {
    let project = getProject(entity, name);
    if (!project) {
      project = {
        id: Buffer.from(`Project:v1:${name}:${entity}`).toString("base64"),
        internalId: nextProjectId++,
        entity,
        name,
        description,
        createdAt: nowIso(),
        runs: new Map(),
      };
      projects.set(projectKey(entity, name), project);
    }
    return project;
  };
  const findByStorageId = (storageId: string): FakeRun | undefined => {
    for (const p of projects.values()) for (const r of p.runs.values()) if (r.storageId === storageId) return r;
    return undefined;
  };

  // ------------------------------------------------------------ GraphQL objects

  const entityObject = (name: string): GqlObject => ({
    __typename: "Entity",
    id: Buffer.from(`Entity:${name}`).toString("base64"),
    name,
    // a personal entity: no organization (so no CoreWeave organization id either)
    organization: null,
    isTeam: false,
    defaultAccess: "PRIVATE",
  });

  const runObject = (run: FakeRun, project: FakeProject): GqlObject => ({
    __typename: "Run",
    id: run.storageId,
    name: run.name,
    displayName: run.displayName,
    description: run.description,
    notes: run.notes,
    state: run.state,
    config: stringifyJson(run.config),
    summaryMetrics: stringifyJson(run.summary),
    systemMetrics: "{}",
    tags: [...run.tags],
    group: run.group,
    jobType: run.jobType,
    commit: run.commit,
    host: run.host,
    readOnly: false,
    stopped: false,
    createdAt: run.createdAt,
    heartbeatAt: run.heartbeatAt,
    updatedAt: run.heartbeatAt,
    sweepName: run.sweepName,
    sweep: null,
    projectId: String(project.internalId),
    project: () => projectObject(project),
    user: { __typename: "User", id: "VXNlcjox", name: defaultEntity, username: defaultEntity },
    historyLineCount: run.history.length,
    logLineCount: run.logs.length,
    eventsLineCount: run.events.length,
    historyKeys: () => historyKeys(run),
    historyTail: JSON.stringify(run.history.slice(-5)),
    eventsTail: JSON.stringify(run.events.slice(-5)),
    exitcode: run.exitcode,
    wandbConfig: ({ keys }: Record<string, unknown>) => {
      const internal = isJsonObject(run.config._wandb) ? ((run.config._wandb as Record<string, JsonValue>).value ?? {}) : {};
      const wanted = Array.isArray(keys) ? (keys as string[]) : undefined;
      const out: Record<string, JsonValue> = {};
      if (isJsonObject(internal)) for (const [k, v] of Object.entries(internal)) if (!wanted || wanted.includes(k)) out[k] = v;
      return JSON.stringify(out);
    },
    history: ({ samples, minStep, maxStep }: Record<string, unknown>) => {
      const lines: string[] = [];
      for (let i = 0; i < run.history.length; i++) {
        const step = run.historySteps[i] as number;
        if (typeof minStep === "number" && !(step >= minStep)) continue;
        if (typeof maxStep === "number" && !(step < maxStep)) continue;
        lines.push(run.history[i] as string);
      }
      return sample(lines, typeof samples === "number" ? samples : 500);
    },
    events: ({ samples }: Record<string, unknown>) => sample(run.events, typeof samples === "number" ? samples : 500),
    sampledHistory: ({ specs }: Record<string, unknown>) =>
      (specs as string[]).map((specText) => {
        const spec = parseJson(specText) as { keys?: string[]; samples?: number; minStep?: number; maxStep?: number };
        const keys = spec.keys ?? [];
        const rows: Array<Record<string, JsonValue>> = [];
        for (let i = 0; i < run.history.length; i++) {
          const step = run.historySteps[i] as number;
          if (spec.minStep !== undefined && step < spec.minStep) continue;
          if (spec.maxStep !== undefined && step >= spec.maxStep) continue;
          const row = tryParseJson(run.history[i]);
          if (!isJsonObject(row)) continue;
          // W&B keeps the rows that hold every requested key (the x axis included)
          if (!keys.every((k) => Object.hasOwn(row, k))) continue;
          rows.push(Object.fromEntries(keys.map((k) => [k, row[k] as JsonValue])));
        }
        return sample(rows, spec.samples ?? 500);
      }),
    parquetHistory: () => ({ __typename: "RunParquetHistory", parquetUrls: [], liveData: [] }),
    fileCount: run.files.size,
    // wandb.Api's Run.files(): names, or a SQL LIKE pattern (not both), in cursor pages
    files: ({ names, pattern, first, after }: Record<string, unknown>) => {
      const byName = Array.isArray(names) && names.length > 0;
      if (byName && typeof pattern === "string" && pattern !== "") throw new Error("Querying for files by both names and pattern is not supported");
      const like = typeof pattern === "string" && pattern !== "" ? likePattern(pattern) : undefined;
      const wanted = (byName ? (names as string[]) : [...run.files.keys()]).filter((n) => run.files.has(n) && (like === undefined || like.test(n)));
      const start = typeof after === "string" && after !== "" ? Number(Buffer.from(after, "base64").toString().replace("cursor:", "")) + 1 : 0;
      const size = typeof first === "number" && first > 0 ? first : 50;
      const page = wanted.slice(start, start + size);
      return pagedConnection(
        page.map((n) => ({
            __typename: "File",
            id: Buffer.from(`File:${run.storageId}:${n}`).toString("base64"),
            name: n,
            sizeBytes: run.files.get(n)?.length ?? 0,
            url: `${baseUrl}/files-content/${run.entity}/${run.project}/${run.name}/${encodeURIComponent(n)}`,
            directUrl: `${baseUrl}/files-content/${run.entity}/${run.project}/${run.name}/${encodeURIComponent(n)}`,
            mimetype: "application/octet-stream",
            md5: "",
            updatedAt: run.heartbeatAt,
          })),
        start,
        wanted.length,
      );
    },
  });

  /** One page of a cursor connection: nodes from index `start` of `total`. */
  const pagedConnection = (nodes: GqlObject[], start: number, total: number) => ({
    __typename: "Connection",
    edges: nodes.map((node, i) => ({ __typename: "Edge", node, cursor: Buffer.from(`cursor:${start + i}`).toString("base64") })),
    pageInfo: {
      __typename: "PageInfo",
      endCursor: nodes.length > 0 ? Buffer.from(`cursor:${start + nodes.length - 1}`).toString("base64") : null,
      hasNextPage: start + nodes.length < total,
    },
    totalCount: total,
  });

  const selectRuns = (project: FakeProject, filtersText: unknown, order: unknown): FakeRun[] => {
    const filters = typeof filtersText === "string" && filtersText !== "" ? parseJson(filtersText) : undefined;
    const runs = [...project.runs.values()].filter((r) => matchesMongoFilter(filterable(r), filters));
    const orderText = typeof order === "string" && order !== "" ? order : "+created_at";
    const sign = orderText.startsWith("-") ? -1 : 1;
    const indexed = runs.map((r, i) => ({ r, i, key: orderValue(filterable(r), orderText) }));
    indexed.sort((a, b) => sign * compareForOrder(a.key, b.key) || sign * (a.i - b.i));
    return indexed.map((x) => x.r);
  };

  const projectObject = (project: FakeProject): GqlObject => ({
    __typename: "Project",
    id: project.id,
    internalId: String(project.internalId),
    name: project.name,
    entityName: project.entity,
    entity: () => entityObject(project.entity),
    description: project.description,
    createdAt: project.createdAt,
    readOnly: false,
    access: "PRIVATE",
    isBenchmark: false,
    views: "{}",
    user: () => viewer,
    runCount: ({ filters }: Record<string, unknown>) => selectRuns(project, filters, undefined).length,
    runs: ({ filters, after, first, order }: Record<string, unknown>) => {
      const selected = selectRuns(project, filters, order);
      const start = typeof after === "string" && after !== "" ? Number(Buffer.from(after, "base64").toString().replace("cursor:", "")) + 1 : 0;
      const size = typeof first === "number" ? first : 50;
      const page = selected.slice(start, start + size);
      return {
        __typename: "RunConnection",
        edges: page.map((r, i) => ({ __typename: "RunEdge", node: runObject(r, project), cursor: Buffer.from(`cursor:${start + i}`).toString("base64") })),
        pageInfo: {
          __typename: "PageInfo",
          endCursor: page.length > 0 ? Buffer.from(`cursor:${start + page.length - 1}`).toString("base64") : null,
          hasNextPage: start + page.length < selected.length,
        },
        totalCount: selected.length,
      };
    },
    run: ({ name }: Record<string, unknown>) => {
      const run = project.runs.get(String(name));
      return run ? runObject(run, project) : null;
    },
    bucket: ({ name }: Record<string, unknown>) => {
      const run = project.runs.get(String(name));
      return run ? runObject(run, project) : null;
    },
  });

  const upsertBucket = ({ input }: Record<string, unknown>): GqlObject => {
    const i = (input ?? {}) as Record<string, unknown>;
    // null means "leave unchanged" (the SDK's second UpsertBucket sends nulls for what it does not update)
    const str = (k: string): string | undefined => (i[k] === undefined || i[k] === null ? undefined : String(i[k]));
    let run = typeof i.id === "string" && i.id !== "" ? findByStorageId(i.id) : undefined;
    let inserted = false;
    if (!run) {
      if (typeof i.id === "string" && i.id !== "" && (i.name === undefined || i.name === null)) {
        throw new Error(`run ${i.id} not found`);
      }
      const entity = str("entityName") ?? defaultEntity;
      const projectName = str("modelName") ?? "uncategorized";
      const name = str("name") ?? randomBytes(6).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "0").slice(0, 8);
      if (/[:;,#?/']/.test(name) || name.trim() !== name || name === "") throw new Error(`Invalid run name ${JSON.stringify(name)}`);
      if (/[/\\#?%:]/.test(projectName) || projectName.length > 128) throw new Error(`Invalid project name ${JSON.stringify(projectName)}`);
      const project = ensureProject(entity, projectName);
      run = project.runs.get(name);
      if (!run) {
        inserted = true;
        const at = nowIso();
        run = {
          storageId: Buffer.from(`Run:v1:${name}:${projectName}:${entity}`).toString("base64"),
          entity,
          project: projectName,
          name,
          displayName: null,
          state: "running",
          config: {},
          summary: {},
          tags: [],
          group: null,
          jobType: null,
          notes: null,
          description: null,
          host: null,
          program: null,
          commit: null,
          sweepName: null,
          createdAt: at,
          heartbeatAt: at,
          history: [],
          historySteps: [],
          events: [],
          logs: [],
          exitcode: null,
          files: new Map(),
          uploaded: new Set(),
        };
        project.runs.set(name, run);
      }
    }
    const target = run;
    const set = <K extends keyof FakeRun>(key: K, input: string, value = str(input)) => {
      if (value !== undefined) (target as unknown as Record<string, unknown>)[key] = value;
    };
    set("displayName", "displayName");
    set("description", "description");
    set("notes", "notes");
    set("group", "groupName");
    set("jobType", "jobType");
    set("host", "host");
    set("program", "jobProgram");
    set("commit", "commit");
    set("sweepName", "sweep");
    if (typeof i.state === "string" && i.state !== "") target.state = i.state;
    if (Array.isArray(i.tags)) target.tags = (i.tags as unknown[]).map(String);
    if (typeof i.config === "string" && i.config !== "") {
      const config = parseJson(i.config);
      if (!isJsonObject(config)) throw new Error("config must be a JSON object");
      target.config = config;
    }
    if (typeof i.summaryMetrics === "string" && i.summaryMetrics !== "") {
      const summary = parseJson(i.summaryMetrics);
      if (isJsonObject(summary)) Object.assign(target.summary, summary);
    }
    target.heartbeatAt = nowIso();
    const project = getProject(target.entity, target.project) as FakeProject;
    return { __typename: "UpsertBucketPayload", bucket: runObject(target, project), inserted, updateAvailable: false };
  };

  const viewer: GqlObject = {
    __typename: "User",
    id: Buffer.from(`User:${defaultEntity}`).toString("base64"),
    entity: defaultEntity,
    username: defaultEntity,
    name: defaultEntity,
    email: `${defaultEntity}@example.invalid`,
    admin: false,
    deletedAt: null,
    flags: "{}",
    userInfo: "{}",
    teams: { __typename: "EntityConnection", edges: [{ __typename: "EntityEdge", node: entityObject(defaultEntity) }] },
    defaultEntity: () => entityObject(defaultEntity),
    apiKeys: { __typename: "ApiKeyConnection", edges: [] },
  };

  const serverInfo: GqlObject = {
    __typename: "ServerInfo",
    cliVersionInfo: "{}",
    latestLocalVersionInfo: null,
    features: [],
    frontendHost: null,
    availableBucketProviders: [],
  };

  const queryRoot: GqlObject = {
    __typename: "Query",
    viewer,
    serverInfo,
    project: ({ name, entityName }: Record<string, unknown>) => {
      const project = getProject(typeof entityName === "string" && entityName ? entityName : defaultEntity, String(name));
      return project ? projectObject(project) : null;
    },
    model: ({ name, entityName }: Record<string, unknown>) => {
      const project = getProject(typeof entityName === "string" && entityName ? entityName : defaultEntity, String(name));
      return project ? projectObject(project) : null;
    },
    models: ({ entityName, first, after }: Record<string, unknown>) => {
      const entity = typeof entityName === "string" && entityName ? entityName : defaultEntity;
      const all = [...projects.values()].filter((p) => p.entity === entity);
      const start = typeof after === "string" && after !== "" ? Number(Buffer.from(after, "base64").toString().replace("cursor:", "")) + 1 : 0;
      const size = typeof first === "number" ? first : 100;
      const page = all.slice(start, start + size);
      return {
        __typename: "ProjectConnection",
        edges: page.map((p, i) => ({ __typename: "ProjectEdge", node: projectObject(p), cursor: Buffer.from(`cursor:${start + i}`).toString("base64") })),
        pageInfo: {
          __typename: "PageInfo",
          endCursor: page.length > 0 ? Buffer.from(`cursor:${start + page.length - 1}`).toString("base64") : null,
          hasNextPage: start + page.length < all.length,
        },
      };
    },
    entity: ({ name }: Record<string, unknown>) => entityObject(typeof name === "string" && name ? name : defaultEntity),
  };

  const mutationRoot: GqlObject = {
    __typename: "Mutation",
    upsertBucket,
    upsertModel: ({ input }: Record<string, unknown>) => {
      const i = (input ?? {}) as Record<string, unknown>;
      const entity = typeof i.entityName === "string" && i.entityName ? i.entityName : defaultEntity;
      const name = String(i.name);
      if (/[/\\#?%:]/.test(name) || name.length > 128 || name === "") throw new Error(`Invalid project name ${JSON.stringify(name)}`);
      const existed = getProject(entity, name) !== undefined;
      const project = ensureProject(entity, name, typeof i.description === "string" ? i.description : null);
      if (existed && typeof i.description === "string") project.description = i.description;
      const node = projectObject(project);
      return { __typename: "UpsertModelPayload", project: node, model: node, inserted: !existed };
    },
    deleteRun: ({ input }: Record<string, unknown>) => {
      const id = String(((input ?? {}) as Record<string, unknown>).id ?? "");
      const run = findByStorageId(id);
      if (!run) throw new Error(`run ${id} not found`);
      getProject(run.entity, run.project)?.runs.delete(run.name);
      return { __typename: "DeleteRunPayload", clientMutationId: null };
    },
    createRunFiles: ({ input }: Record<string, unknown>) => {
      const i = (input ?? {}) as Record<string, unknown>;
      const entity = typeof i.entityName === "string" && i.entityName ? i.entityName : defaultEntity;
      const run = getProject(entity, String(i.projectName))?.runs.get(String(i.runName));
      if (!run) throw new Error(`run ${String(i.runName)} not found`);
      const files = ((i.files as unknown[]) ?? []).map(String);
      return {
        __typename: "CreateRunFilesPayload",
        runID: run.storageId,
        uploadHeaders: [],
        files: files.map((name) => ({
          __typename: "File",
          name,
          uploadUrl: `${baseUrl}/upload/${encodeURIComponent(run.entity)}/${encodeURIComponent(run.project)}/${encodeURIComponent(run.name)}/${encodeURIComponent(name)}`,
        })),
      };
    },
  };

  // ------------------------------------------------------------ file_stream

  const applyFileStream = (run: FakeRun, body: Record<string, JsonValue>): number => {
    let historyLines = 0;
    const files = isJsonObject(body.files) ? body.files : {};
    for (const [name, chunk] of Object.entries(files)) {
      if (!isJsonObject(chunk)) continue;
      const offset = typeof chunk.offset === "number" ? chunk.offset : 0;
      const content = Array.isArray(chunk.content) ? chunk.content.map(String) : [];
      if (name === "wandb-history.jsonl") {
        historyLines += content.length;
        if (offset > run.history.length) throw new Error(`history offset ${offset} is past the end (${run.history.length} lines)`);
        content.forEach((line, k) => {
          run.history[offset + k] = line;
          run.historySteps[offset + k] = Number(STEP.exec(line)?.[1] ?? Number.NaN);
        });
      } else if (name === "wandb-summary.json") {
        const last = content[content.length - 1];
        if (last !== undefined) {
          const summary = parseJson(last);
          if (isJsonObject(summary)) run.summary = summary;
        }
      } else if (name === "wandb-events.jsonl") {
        content.forEach((line, k) => {
          run.events[offset + k] = line;
        });
      } else if (name === "output.log") {
        content.forEach((line, k) => {
          run.logs[offset + k] = line;
        });
      }
    }
    if (Array.isArray(body.uploaded)) for (const name of body.uploaded) if (typeof name === "string") run.uploaded.add(name);
    if (body.complete === true) {
      const code = typeof body.exitcode === "number" ? body.exitcode : 0;
      run.exitcode = code;
      run.state = code === 0 ? "finished" : "failed";
    } else if (run.state !== "running" && Object.keys(files).length > 0) {
      run.state = "running";
    }
    run.heartbeatAt = nowIso();
    return historyLines;
  };

  const takeToken = (key: string): number | undefined => {
    if (!limit) return undefined;
    const t = performance.now();
    const bucket = buckets.get(key) ?? { tokens: limit.burst, at: t };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((t - bucket.at) / 1000) * limit.requestsPerSecond);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return (1 - bucket.tokens) / limit.requestsPerSecond;
  };

  // ------------------------------------------------------------ HTTP

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? "";
    const match = /^Basic\s+(.+)$/i.exec(header);
    if (!match) return false;
    const decoded = Buffer.from(match[1] as string, "base64").toString();
    const key = decoded.slice(decoded.indexOf(":") + 1);
    if (key === "") return false;
    return options.apiKeys ? options.apiKeys.includes(key) : true;
  };

  const takeFault = (kind: "graphql" | "file_stream" | "other", path: string, operation: string | undefined) => {
    const index = faults.findIndex((f) => {
      if (f.remaining <= 0) return false;
      if (f.operation !== undefined && f.operation !== operation) return false;
      if (f.match === undefined) return true;
      if (f.match instanceof RegExp) return f.match.test(path);
      return f.match === kind;
    });
    if (index < 0) return undefined;
    const fault = faults[index] as Fault & { remaining: number };
    fault.remaining--;
    if (fault.remaining <= 0) faults.splice(index, 1);
    return fault;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(text);
  };

  const failWith = (res: ServerResponse, fault: Fault) => {
    const wait = String(fault.retryAfterSeconds ?? 1);
    const headers: Record<string, string> =
      fault.status === 429 ? { "RateLimit-Limit": "2", "RateLimit-Remaining": "0", "RateLimit-Reset": wait, "Retry-After": wait } : {};
    send(res, fault.status, { errors: [{ message: `injected ${fault.status}` }] }, headers);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    const method = req.method ?? "GET";
    const log = (status: number, bytes: number, extra: Partial<RequestLogEntry> = {}) =>
      requests.push({ at: performance.now() - started, method, path, status, bytes, ...extra });
    const body = await readBody(req);

    if (method === "PUT" && path.startsWith("/upload/")) {
      const fault = takeFault("other", path, undefined);
      if (fault && !fault.afterApplying) {
        log(fault.status, body.length);
        return failWith(res, fault);
      }
      const [entity, project, runName, file] = path.slice("/upload/".length).split("/").map(decodeURIComponent);
      const run = getProject(entity as string, project as string)?.runs.get(runName as string);
      if (!run) {
        log(404, body.length);
        return send(res, 404, { error: "no such run" });
      }
      run.files.set(file as string, body);
      if (fault) {
        log(fault.status, body.length);
        return failWith(res, fault);
      }
      log(200, body.length);
      return send(res, 200, {});
    }
    if (method === "GET" && path.startsWith("/files-content/")) {
      const [entity, project, runName, file] = path.slice("/files-content/".length).split("/").map(decodeURIComponent);
      const content = getProject(entity as string, project as string)?.runs.get(runName as string)?.files.get(file as string);
      log(content ? 200 : 404, 0);
      if (!content) return send(res, 404, { error: "no such file" });
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return res.end(content);
    }

    if (method === "POST" && path.startsWith("/sdk/otel/")) {
      // the SDK exports its own telemetry (OTLP) to the base URL: accepted and dropped
      log(200, body.length);
      return send(res, 200, {});
    }

    if (!authorized(req)) {
      log(401, body.length);
      return send(res, 401, { errors: [{ message: "unauthorized: a valid API key is required (Basic auth, user 'api')" }] });
    }

    if (method === "POST" && path === "/graphql") {
      let payload: { query?: string; variables?: Record<string, unknown>; operationName?: string };
      try {
        payload = JSON.parse(body.toString("utf8")) as typeof payload;
      } catch {
        log(400, body.length);
        return send(res, 400, { errors: [{ message: "request body is not JSON" }] });
      }
      const query = payload.query ?? "";
      let document = documents.get(query);
      try {
        if (!document) {
          document = parseGraphQL(query);
          documents.set(query, document);
        }
      } catch (error) {
        log(400, body.length);
        return send(res, 400, { errors: [{ message: error instanceof Error ? error.message : String(error) }] });
      }
      const operationName = payload.operationName || document.operations[0]?.name;
      if (operationName && !operations.has(operationName)) operations.set(operationName, query);
      const fault = takeFault("graphql", path, operationName);
      if (fault && !fault.afterApplying) {
        log(fault.status, body.length, { operation: operationName });
        return failWith(res, fault);
      }
      const result = executeGraphQL({
        document,
        operationName: payload.operationName || undefined,
        variables: payload.variables ?? {},
        roots: { query: queryRoot, mutation: mutationRoot },
        context: undefined,
        onUnknownField: (type, field) => {
          const what = `${operationName ?? "(anonymous)"}: ${type}.${field}`;
          if (!unserved.includes(what)) unserved.push(what);
        },
      });
      if (fault) {
        log(fault.status, body.length, { operation: operationName });
        return failWith(res, fault);
      }
      log(result.errors && result.data === null ? 400 : 200, body.length, { operation: operationName, variables: payload.variables ?? {} });
      return send(res, result.errors && result.data === null ? 400 : 200, result);
    }

    const stream = /^\/files\/([^/]+)\/([^/]+)\/([^/]+)\/file_stream$/.exec(path);
    if (method === "POST" && stream) {
      const [entity, projectName, runName] = stream.slice(1).map(decodeURIComponent) as [string, string, string];
      const runPath = `${entity}/${projectName}/${runName}`;
      const fault = takeFault("file_stream", path, undefined);
      if (fault && !fault.afterApplying) {
        log(fault.status, body.length, { run: runPath });
        return failWith(res, fault);
      }
      const wait = takeToken(runPath);
      if (wait !== undefined) {
        const reset = String(Math.max(1, Math.ceil(wait)));
        log(429, body.length, { run: runPath });
        return send(res, 429, { error: "rate limit exceeded: at most 2 file_stream requests per second per run" }, {
          "RateLimit-Limit": String(limit ? limit.requestsPerSecond : 0),
          "RateLimit-Remaining": "0",
          "RateLimit-Reset": reset,
          "Retry-After": reset,
        });
      }
      const run = getProject(entity, projectName)?.runs.get(runName);
      if (!run) {
        log(404, body.length, { run: runPath });
        return send(res, 404, { error: `run ${runPath} not found` });
      }
      let historyLines = 0;
      try {
        const parsed = parseJson(body.toString("utf8"));
        if (!isJsonObject(parsed)) throw new Error("file_stream body must be a JSON object");
        historyLines = applyFileStream(run, parsed);
      } catch (error) {
        log(400, body.length, { run: runPath });
        return send(res, 400, { error: error instanceof Error ? error.message : String(error) });
      }
      if (fault) {
        log(fault.status, body.length, { run: runPath, historyLines });
        return failWith(res, fault);
      }
      log(200, body.length, { run: runPath, historyLines });
      return send(res, 200, { exitcode: null, limits: {} });
    }

    const what = `${method} ${path}`;
    if (!unserved.includes(what)) unserved.push(what);
    log(404, body.length);
    return send(res, 404, { error: `the W&B fake does not serve ${what}` });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.address}:${address.port}`;

  return {
    url: baseUrl,
    apiKey,
    entity: defaultEntity,
    requests,
    unserved,
    operations,
    projects,
    injectFault: (fault) => faults.push({ ...fault, remaining: fault.times ?? 1 }),
    clearFaults: () => {
      faults.length = 0;
    },
    run: (entity, project, name) => getProject(entity, project)?.runs.get(name),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
