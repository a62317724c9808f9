import { isRecord } from "../../model";
import type { Properties } from "../stack-resource";

/** The values of a lookup's `filters` entry named `name` (`[{name, values}]`, as the EC2 lookups take them). */
export function filterValues(inputs: Properties, name: string): string[] | undefined {
  const filters = Array.isArray(inputs.filters) ? inputs.filters : [];
  const match = filters.find((entry): entry is Properties => isRecord(entry) && entry.name === name);
  return Array.isArray(match?.values) ? match.values.map(String) : undefined;
}
