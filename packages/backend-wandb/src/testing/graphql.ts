// GraphQL for the W&B protocol fake, on graphql-js: a document is parsed,
// validated against the fake's SDL (schema.ts) and executed over plain
// objects whose fields are values or functions of their arguments (graphql-js's
// default field resolver calls `object[field](args, context)`). A field or
// argument the schema lacks is a validation error naming it — as the real
// server's would be — and is reported, so tests can say exactly what a
// client asked for that the fake does not serve.

import {
  type ASTVisitor,
  type DocumentNode,
  type ExecutionResult as GraphQLExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  type ValidationContext,
  executeSync,
  getNamedType,
  getOperationAST,
  isCompositeType,
  parse,
  specifiedRules,
  validate,
} from "graphql";

/** A resolvable object: `__typename` plus fields that are values or functions of (args, context). */
export interface GqlObject {
  readonly __typename: string;
  readonly [field: string]: unknown;
}

export interface ExecutionResult {
  readonly data: Record<string, unknown> | null;
  readonly errors?: readonly GraphQLError[];
}

export interface ExecuteOptions<C> {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operationName: string | undefined;
  readonly variables: Record<string, unknown>;
  readonly roots: { readonly query: GqlObject; readonly mutation: GqlObject };
  readonly context: C;
  /** called for every field (as "Type.field") or argument (as "Type.field(argument)") the fake does not serve */
  readonly onUnserved?: (what: string) => void;
}

/** Parses a GraphQL document; throws graphql-js's GraphQLError (a syntax error names where) on bad text. */
export const parseGraphQL = (source: string): DocumentNode => parse(source);

/** The operation a request names, else the name of the document's first operation (for the request log). */
export const operationNameOf = (document: DocumentNode, operationName: string | undefined): string | undefined => {
  if (operationName) return operationName;
  for (const definition of document.definitions) if (definition.kind === Kind.OPERATION_DEFINITION) return definition.name?.value;
  return undefined;
};

/** A validation rule that reports, without judging, the fields and arguments the schema does not have. */
const reportUnserved =
  (onUnserved: (what: string) => void) =>
  (context: ValidationContext): ASTVisitor => ({
    Field(node) {
      const parent = context.getParentType();
      if (parent && isCompositeType(getNamedType(parent)) && !context.getFieldDef() && node.name.value !== "__typename") {
        onUnserved(`${parent.name}.${node.name.value}`);
      }
    },
    Argument(node) {
      const field = context.getFieldDef();
      const parent = context.getParentType();
      if (field && parent && !context.getArgument()) onUnserved(`${parent.name}.${field.name}(${node.name.value})`);
    },
  });

export const executeGraphQL = <C>(options: ExecuteOptions<C>): ExecutionResult => {
  const { schema, document } = options;
  const rules = options.onUnserved ? [...specifiedRules, reportUnserved(options.onUnserved)] : specifiedRules;
  const invalid = validate(schema, document, rules);
  if (invalid.length > 0) return { data: null, errors: invalid };
  const operation = getOperationAST(document, options.operationName);
  const rootValue = operation?.operation === "mutation" ? options.roots.mutation : options.roots.query;
  const result: GraphQLExecutionResult = executeSync({
    schema,
    document,
    rootValue,
    contextValue: options.context,
    variableValues: options.variables,
    operationName: options.operationName,
  });
  // no data at all (variables that do not coerce, an unknown operation): the request failed as a whole
  const data = (result.data ?? null) as Record<string, unknown> | null;
  return result.errors && result.errors.length > 0 ? { data, errors: result.errors } : { data };
};
