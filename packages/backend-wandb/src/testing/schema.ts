// The part of W&B's GraphQL schema the fake serves, as SDL: what the real
// `wandb` package (wandb.init's run sync, wandb.Api, `wandb sync`) and dimexp's
// online backend send, found by dumping every document their interop tests
// send. Names and argument types follow W&B's own schema, so a client's
// variable declarations ($filters: JSONString, $minStep: Int64!, $id: ID!,
// $input: UpsertBucketInput!) validate as they do against the real server.
// Output fields are nullable: a resolver that fails nulls its field and
// reports an error, without nulling its parent (W&B's server does the same
// for the fields here). graphql-js parses, validates and executes.

import { GraphQLError, GraphQLScalarType, type GraphQLSchema, Kind, type ValueNode, buildSchema, valueFromASTUntyped } from "graphql";

const SDL = /* GraphQL */ `
  "A JSON value, sent as itself."
  scalar JSON
  "A JSON document sent as a string (config, summaryMetrics, filters)."
  scalar JSONString
  "An integer beyond Int's 32 bits (steps, sizes)."
  scalar Int64
  "An ISO 8601 timestamp, as W&B writes it (no zone: UTC)."
  scalar DateTime

  type Query {
    viewer: User
    serverInfo: ServerInfo
    project(name: String, entityName: String): Project
    model(name: String, entityName: String): Project
    models(entityName: String, after: String, first: Int, before: String, last: Int, order: String): ProjectConnection
    entity(name: String): Entity
  }

  type Mutation {
    upsertBucket(input: UpsertBucketInput!): UpsertBucketPayload
    upsertModel(input: UpsertModelInput!): UpsertModelPayload
    deleteRun(input: DeleteRunInput!): DeleteRunPayload
    createRunFiles(input: CreateRunFilesInput!): CreateRunFilesPayload
  }

  type ServerInfo {
    cliVersionInfo: JSON
    latestLocalVersionInfo: LocalVersionInfo
    features: [ServerFeature!]
    frontendHost: String
    availableBucketProviders: [String!]
  }

  type LocalVersionInfo {
    outOfDate: Boolean
    latestVersionString: String
    versionOnThisInstanceString: String
  }

  type ServerFeature {
    name: String
    isEnabled: Boolean
  }

  type User {
    id: ID
    entity: String
    username: String
    name: String
    email: String
    admin: Boolean
    deletedAt: DateTime
    flags: JSONString
    userInfo: JSON
    teams: EntityConnection
    defaultEntity: Entity
    apiKeys: ApiKeyConnection
  }

  type ApiKeyConnection {
    edges: [ApiKeyEdge]
  }

  type ApiKeyEdge {
    node: ApiKey
  }

  type ApiKey {
    id: ID
    name: String
    description: String
  }

  type EntityConnection {
    edges: [EntityEdge]
  }

  type EntityEdge {
    node: Entity
  }

  type Entity {
    id: ID
    name: String
    organization: Organization
    isTeam: Boolean
    defaultAccess: String
  }

  type Organization {
    id: ID
    name: String
    coreWeaveOrganizationId: String
  }

  type PageInfo {
    endCursor: String
    hasNextPage: Boolean
  }

  type ProjectConnection {
    edges: [ProjectEdge]
    pageInfo: PageInfo
  }

  type ProjectEdge {
    node: Project
    cursor: String
  }

  type Project {
    id: ID
    internalId: ID
    name: String
    entityName: String
    entity: Entity
    description: String
    createdAt: DateTime
    readOnly: Boolean
    access: String
    isBenchmark: Boolean
    views: JSONString
    user: User
    runCount(filters: JSONString): Int
    runs(filters: JSONString, after: String, before: String, first: Int, last: Int, order: String): RunConnection
    run(name: String): Run
    bucket(name: String, missingOk: Boolean): Run
  }

  type RunConnection {
    edges: [RunEdge]
    pageInfo: PageInfo
    totalCount: Int
  }

  type RunEdge {
    node: Run
    cursor: String
  }

  type Sweep {
    id: ID
    name: String
  }

  type Run {
    id: ID
    name: String
    displayName: String
    description: String
    notes: String
    state: String
    config: JSONString
    summaryMetrics: JSONString
    systemMetrics: JSONString
    tags: [String!]
    group: String
    jobType: String
    commit: String
    host: String
    readOnly: Boolean
    stopped: Boolean
    createdAt: DateTime
    heartbeatAt: DateTime
    updatedAt: DateTime
    sweepName: String
    sweep: Sweep
    projectId: ID
    project: Project
    user: User
    historyLineCount: Int
    logLineCount: Int
    eventsLineCount: Int
    historyKeys(format: String): JSON
    historyTail: String
    eventsTail: String
    exitcode: Int
    wandbConfig(keys: [String!]): JSONString
    history(samples: Int, minStep: Int64, maxStep: Int64): [String]
    events(samples: Int): [String]
    sampledHistory(specs: [JSONString!]!): [JSON]
    parquetHistory(liveKeys: [String!]!): RunParquetHistory
    fileCount: Int
    files(names: [String], pattern: String, after: String, before: String, first: Int, last: Int): FileConnection
  }

  type RunParquetHistory {
    parquetUrls: [String]
    liveData: [JSON]
  }

  type FileConnection {
    edges: [FileEdge]
    pageInfo: PageInfo
    totalCount: Int
  }

  type FileEdge {
    node: File
    cursor: String
  }

  type File {
    id: ID
    name: String
    url(upload: Boolean): String
    directUrl: String
    uploadUrl: String
    sizeBytes: Int64
    mimetype: String
    md5: String
    updatedAt: DateTime
  }

  input UpsertBucketInput {
    id: String
    name: String
    groupName: String
    modelName: String
    entityName: String
    description: String
    displayName: String
    notes: String
    commit: String
    config: JSONString
    host: String
    debug: Boolean
    jobProgram: String
    jobRepo: String
    jobType: String
    state: String
    sweep: String
    tags: [String!]
    summaryMetrics: JSONString
    clientMutationId: String
  }

  type UpsertBucketPayload {
    bucket: Run
    inserted: Boolean
    updateAvailable: Boolean
    clientMutationId: String
  }

  input UpsertModelInput {
    id: String
    name: String
    entityName: String
    description: String
    framework: String
    access: String
    views: JSONString
    clientMutationId: String
  }

  type UpsertModelPayload {
    project: Project
    model: Project
    inserted: Boolean
    clientMutationId: String
  }

  input DeleteRunInput {
    id: ID!
    deleteArtifacts: Boolean
    clientMutationId: String
  }

  type DeleteRunPayload {
    clientMutationId: String
  }

  input CreateRunFilesInput {
    entityName: String
    projectName: String!
    runName: String!
    files: [String!]!
    clientMutationId: String
  }

  type CreateRunFilesPayload {
    runID: ID
    uploadHeaders: [String!]
    files: [File!]
    clientMutationId: String
  }
`;

const describe = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** JSONString's input: the JSON text itself (a resolver parses it, and says what is wrong with it). */
const jsonStringValue = (value: unknown): string => {
  if (typeof value === "string") return value;
  throw new GraphQLError(`JSONString takes a string of JSON text, got ${describe(value)}`);
};

/** Int64's input: an integer (JSON carries it as a number; exact up to 2^53). */
const int64Value = (value: unknown): number => {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  throw new GraphQLError(`Int64 takes an integer, got ${describe(value)}`);
};

const literal =
  (parse: (value: unknown) => unknown) =>
  (node: ValueNode, variables?: { readonly [name: string]: unknown } | null): unknown =>
    node.kind === Kind.INT ? parse(Number(node.value)) : parse(valueFromASTUntyped(node, variables));

/** The schema, its custom scalars given W&B's input rules (JSON and DateTime pass through as they are). */
export const buildWandbSchema = (): GraphQLSchema => {
  const schema = buildSchema(SDL);
  const jsonString = schema.getType("JSONString");
  const int64 = schema.getType("Int64");
  if (!(jsonString instanceof GraphQLScalarType) || !(int64 instanceof GraphQLScalarType)) throw new Error("the W&B fake's SDL lost its scalars");
  jsonString.parseValue = jsonStringValue;
  jsonString.parseLiteral = literal(jsonStringValue);
  int64.parseValue = int64Value;
  int64.parseLiteral = literal(int64Value);
  return schema;
};
