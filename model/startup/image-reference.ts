/**
 * Image references as the container runtime reads them (the distribution reference grammar:
 * https://pkg.go.dev/github.com/distribution/reference). ECS registers any string of up to 255
 * letters, digits and - _ : . / #, so a reference the runtime cannot read passes registration
 * and fails every pull.
 */

export const IMAGE_REFERENCE_SOURCES = [
  "https://pkg.go.dev/github.com/distribution/reference",
  "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html",
] as const;

const ALPHANUMERIC = "[a-z0-9]+";
const SEPARATOR = "(?:[._]|__|-+)";
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const REFERENCE = new RegExp(
  `^(?<name>(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::${TAG})?(?:@${DIGEST})?$`,
);

/** The longest repository name the runtime takes. */
const NAME_MAX = 255;

/** Why the container runtime cannot read `image` as a reference; undefined when it can. */
export function imageReferenceProblem(image: string): string | undefined {
  const match = REFERENCE.exec(image);
  if (match) {
    const name = match.groups?.name ?? "";
    return name.length > NAME_MAX ? `its repository name is longer than ${NAME_MAX} characters` : undefined;
  }
  const slash = image.indexOf("/");
  const repository = slash === -1 ? image : image.slice(slash + 1);
  if (REFERENCE.test(image.slice(0, slash + 1) + repository.toLowerCase()) && repository !== repository.toLowerCase())
    return "repository name must be lowercase";
  if (/\s/.test(image)) return "it contains white space";
  const [named, digest] = image.split("@");
  const lastSegment = named.slice(named.lastIndexOf("/") + 1);
  if ((lastSegment.match(/:/g) ?? []).length > 1) return "it has more than one tag";
  if (digest !== undefined && !new RegExp(`^${DIGEST}$`).test(digest))
    return "its digest is not <algorithm>:<at least 32 hex digits>";
  return "it is not name[:tag][@digest] (a tag is at most 128 letters, digits, _ . -, not starting with . or -)";
}
