/** The thresholds in force, from the environment, parsed once (a bad value stops start-up with its name). */
import { parseThresholds, type Thresholds } from './thresholds';

let cached: Thresholds | undefined;
export function thresholds(): Thresholds {
  cached ??= parseThresholds(process.env);
  return cached;
}
