/**
 * Readers of the images the program builds (not AWS resources: @pulumi/docker and
 * @pulumi/docker-build), for the platforms they are built for.
 */
import { readObject, readString, readStrings, UNKNOWN_FACT } from "../values";
import type { BuildState, ReaderTable } from "./common";
import type { StackResource } from "../../../engine/stack-resource";
import { T } from "../../../engine/type-tokens";

/**
 * @pulumi/docker v4 `Image`: `build.platform` (one platform); @pulumi/docker-build `Image`:
 * `platforms` (a list). Unset: the build runs for the platform of the machine that builds.
 */
function readBuiltImage(r: StackResource, { model }: BuildState): void {
  const p = r.properties;
  if (r.type === T.dockerBuildImage) {
    model.builtImages.set(r.urn, { urn: r.urn, platforms: readStrings(p, "platforms") });
    return;
  }
  const build = readObject(p, "build");
  const platform = build === UNKNOWN_FACT ? UNKNOWN_FACT : build ? readString(build, "platform") : undefined;
  model.builtImages.set(r.urn, { urn: r.urn, platforms: platform === undefined ? undefined : [platform] });
}

export const IMAGES_READERS: ReaderTable = {
  [T.dockerImage]: readBuiltImage,
  [T.dockerBuildImage]: readBuiltImage,
};
