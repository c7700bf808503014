import type { RunRecord } from "../model.js";

/** A run attribute by its filter name (status, name, run_id, start_time, end_time; id and run_name as aliases). */
export const runAttribute = (run: RunRecord, key: string): string | number | undefined => {
  switch (key) {
    case "status":
      return run.info.status;
    case "name":
    case "run_name":
      return run.info.name;
    case "run_id":
    case "id":
      return run.info.id;
    case "start_time":
      return run.info.startTime;
    case "end_time":
      return run.info.endTime;
    default:
      return undefined;
  }
};
