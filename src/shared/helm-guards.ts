// How the Helm copy of the manifests keeps a cluster without a CRD installable: every document of
// a custom resource is wrapped in a guard that renders it only when the cluster serves its kind, so
// `helm install` maps and applies every other object. Shared by the writer (platform/) and the
// verifier, which reads a guarded document as the document itself.

/** API groups every Kubernetes cluster serves (the built-in kinds the library writes and their kin). */
const BUILT_IN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'admissionregistration.k8s.io',
  'apiextensions.k8s.io', 'certificates.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io',
]);

/** The opening line of a guard for `group/version/Kind`. */
export function helmGuard(apiVersion: string, kind: string): string {
  return `{{- if .Capabilities.APIVersions.Has "${apiVersion}/${kind}" }}`;
}

/** The closing line of a guard. */
export const HELM_GUARD_END = '{{- end }}';

/** A guard line as the writer writes it (the whole line). */
export const HELM_GUARD_LINE = /^(\{\{- if \.Capabilities\.APIVersions\.Has "[a-z0-9.-]+\/[a-z0-9]+\/[A-Za-z0-9]+" \}\}|\{\{- end \}\})$/;

/** True when a kind of `apiVersion` needs a CRD (its group is not one every cluster serves). */
export function needsCrd(apiVersion: string): boolean {
  const slash = apiVersion.lastIndexOf('/');
  return !BUILT_IN_GROUPS.has(slash < 0 ? '' : apiVersion.slice(0, slash));
}

/**
 * Wraps each document of a multi-document YAML text (documents start with a `---` line) whose
 * top-level `apiVersion` needs a CRD in a guard for its kind; other documents stay as they are.
 */
export function guardCustomResources(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let doc: string[] = [];
  const flush = () => {
    const apiVersion = doc.find((l) => l.startsWith('apiVersion: '))?.slice('apiVersion: '.length).trim();
    const kind = doc.find((l) => l.startsWith('kind: '))?.slice('kind: '.length).trim();
    if (apiVersion && kind && needsCrd(apiVersion)) {
      // keep the text's own trailing empty line outside the guard
      const trailing = doc.length > 0 && doc[doc.length - 1] === '' ? doc.pop() : undefined;
      out.push(helmGuard(apiVersion, kind), ...doc, HELM_GUARD_END);
      if (trailing !== undefined) out.push(trailing);
    } else {
      out.push(...doc);
    }
    doc = [];
  };
  for (const l of lines) {
    if (/^---(\s|$)/.test(l)) {
      flush();
      out.push(l);
    } else {
      doc.push(l);
    }
  }
  flush();
  return out.join('\n');
}

/** The text without the guard lines the writer adds (what Helm renders when the kinds are served). */
export function removeHelmGuards(text: string): string {
  if (!text.includes('{{- ')) return text;
  return text.split('\n').filter((l) => !HELM_GUARD_LINE.test(l)).join('\n');
}
