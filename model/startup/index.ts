/** Facts and pure checks of the start-up rules beyond network and IAM (task size, platform, secrets, images...). */
export * from "./containers";
export * from "./task-size";
export * from "./platform-versions";
export * from "./firelens";
export * from "./secret-values";
export * from "./image-platform";
export * from "./subnet-addresses";
export * from "./image-reference";
export * from "./efs";
