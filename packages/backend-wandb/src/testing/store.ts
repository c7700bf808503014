// The fake's data: projects and their runs, as the W&B server would hold
// them. Config and summary keys are data: a run's objects have no prototype,
// so "__proto__", "constructor" or "toString" is an entry like any other.

import { randomBytes } from "node:crypto";
import type { JsonValue } from "../internal/json.js";

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

export const nowIso = (ms = Date.now()): string => new Date(ms).toISOString().slice(0, 19);

export interface FakeStore {
  readonly defaultEntity: string;
  readonly projects: Map<string, FakeProject>;
  getProject(entity: string, name: string): FakeProject | undefined;
  ensureProject(entity: string, name: string, description?: string | null): FakeProject;
  findByStorageId(storageId: string): FakeRun | undefined;
  run(entity: string, project: string, name: string): FakeRun | undefined;
  /** the run, created (state "running", nothing logged) when the project has none of that name */
  ensureRun(entity: string, projectName: string, name: string): { run: FakeRun; inserted: boolean };
}

/** A random run name as W&B makes them: 8 lowercase letters and digits. */
export const randomRunName = (): string => randomBytes(6).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "0").slice(0, 8);

export const createStore = (defaultEntity: string): FakeStore => {
  const projects = new Map<string, FakeProject>();
  let nextProjectId = 1;
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

  const ensureRun = (entity: string, projectName: string, name: string): { run: FakeRun; inserted: boolean } => {
    const project = ensureProject(entity, projectName);
    const existing = project.runs.get(name);
    if (existing) return { run: existing, inserted: false };
    const at = nowIso();
    const run: FakeRun = {
      storageId: Buffer.from(`Run:v1:${name}:${projectName}:${entity}`).toString("base64"),
      entity,
      project: projectName,
      name,
      displayName: null,
      state: "running",
      config: Object.create(null) as Record<string, JsonValue>,
      summary: Object.create(null) as Record<string, JsonValue>,
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
    return { run, inserted: true };
  };
  return {
    defaultEntity,
    projects,
    getProject,
    ensureProject,
    findByStorageId,
    run: (entity, project, name) => getProject(entity, project)?.runs.get(name),
    ensureRun,
  };
};
