/** One reader per resource type, by type token: the only place the model learns what a type means. */
import type { ReaderTable } from "./common";
import { ENDPOINTS_READERS } from "./endpoints";
import { ECS_READERS } from "./ecs";
import { IAM_READERS } from "./iam";
import { IMAGES_READERS } from "./images";
import { NETWORK_READERS } from "./network";
import { SECURITY_READERS } from "./security";
import { TASK_SOURCES_READERS } from "./task-sources";

export const READERS: ReaderTable = {
  ...NETWORK_READERS,
  ...ENDPOINTS_READERS,
  ...SECURITY_READERS,
  ...IAM_READERS,
  ...TASK_SOURCES_READERS,
  ...ECS_READERS,
  ...IMAGES_READERS,
};
