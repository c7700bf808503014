export declare const REPO_ROOT: string;
export declare const freePort: () => Promise<number>;
/** The folder holding initdb/pg_ctl/postgres, or undefined when PostgreSQL is not installed. */
export declare const postgresBinDir: () => string | undefined;
/** Why the deployment cannot start here, or undefined when it can. */
export declare const deploymentMissing: () => string | undefined;

export interface LabDeployment {
  /** MLflow's tracking URL, http://127.0.0.1:<port> */
  readonly url: string;
  readonly dir: string;
  readonly backendStoreUri: string;
  readonly artifactsDestination: string;
  /** S3 settings a client needs to read the artifact store directly (empty for a local folder). */
  readonly env: Readonly<Record<string, string>>;
  workerPids(): number[];
  /** SIGKILLs one MLflow worker (uvicorn's supervisor starts a new one); returns its pid. */
  killOneWorker(): number;
  /** SIGKILLs the whole MLflow server and starts it again on the same port. */
  restartMlflow(options?: { downMs?: number }): Promise<void>;
  /** Restarts PostgreSQL (fast shutdown). */
  restartPostgres(options?: { downMs?: number }): Promise<void>;
  /** CPU seconds used so far (restarts included). */
  cpuSeconds(): { mlflow: number; postgres: number };
  /** Runs SQL against MLflow's store; psql's unaligned, tuples-only output. */
  sql(query: string): string;
  log(which?: "mlflow" | "postgres" | "s3"): string;
  stop(): Promise<void>;
}

export declare const startDeployment: (options?: {
  artifacts?: "local" | "s3";
  workers?: number;
  timeoutMs?: number;
}) => Promise<LabDeployment>;
