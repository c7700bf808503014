// The GraphQL side of the fake: the objects W&B's schema describes (Entity,
// User, ServerInfo, Project, Run, File, connections) over the store, and the
// Query and Mutation roots the executor resolves. A field is a value or a
// function of its arguments.

import { type JsonValue, dataRecord, isJsonObject, parseJson, stringifyJson, tryParseJson } from "../internal/json.js";
import type { GqlObject } from "./graphql.js";
import { compileMongoFilter } from "./mongo-filter.js";
import { type FilterableRun, compareForOrder, orderValue } from "./run-paths.js";
import { type FakeProject, type FakeRun, type FakeStore, nowIso, randomRunName } from "./store.js";

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
  // history keys are data ("toString", "__proto__" included): no prototype to find them in
  const keys = Object.create(null) as Record<string, { typeCounts: Array<{ type: string; count: number }> }>;
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

export interface GraphQLRoots {
  readonly query: GqlObject;
  readonly mutation: GqlObject;
}

/** The roots over `store`; `baseUrl` (known once the server listens) is where file URLs point. */
export const createRoots = (store: FakeStore, baseUrl: () => string): GraphQLRoots => {
  const { defaultEntity, projects, getProject, ensureProject, ensureRun, findByStorageId } = store;

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
      const out = dataRecord();
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
            url: `${baseUrl()}/files-content/${run.entity}/${run.project}/${run.name}/${encodeURIComponent(n)}`,
            directUrl: `${baseUrl()}/files-content/${run.entity}/${run.project}/${run.name}/${encodeURIComponent(n)}`,
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
    const matches = compileMongoFilter(filters);
    const runs = [...project.runs.values()].filter((r) => matches(filterable(r)));
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
      const name = str("name") ?? randomRunName();
      if (/[:;,#?/']/.test(name) || name.trim() !== name || name === "") throw new Error(`Invalid run name ${JSON.stringify(name)}`);
      if (/[/\\#?%:]/.test(projectName) || projectName.length > 128) throw new Error(`Invalid project name ${JSON.stringify(projectName)}`);
      ({ run, inserted } = ensureRun(entity, projectName, name));
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
      target.config = Object.assign(dataRecord(), config);
    }
    if (typeof i.summaryMetrics === "string" && i.summaryMetrics !== "") {
      const summary = parseJson(i.summaryMetrics);
      // onto the prototype-less summary: a "__proto__" key is an entry, as in the store
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
          uploadUrl: `${baseUrl()}/upload/${encodeURIComponent(run.entity)}/${encodeURIComponent(run.project)}/${encodeURIComponent(run.name)}/${encodeURIComponent(name)}`,
        })),
      };
    },
  };

  return { query: queryRoot, mutation: mutationRoot };
};
