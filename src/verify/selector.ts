// Kubernetes label selectors (matchLabels and matchExpressions). Internal.

/** A label selector as written in a manifest. */
export interface LabelSelectorJson {
  /**
   * Labels that must all match.
   * @default - none
   */
  readonly matchLabels?: { [key: string]: string } | null;
  /**
   * Expressions that must all hold.
   * @default - none
   */
  readonly matchExpressions?: ReadonlyArray<{ key: string; operator: string; values?: string[] | null }> | null;
}

/** Labels of a pod or namespace. */
export type LabelMap = { readonly [key: string]: string };

/**
 * True when the labels satisfy the selector. An empty selector (`{}`) selects everything; the
 * requirements of matchLabels and matchExpressions are ANDed. Operators: In, NotIn (also true when
 * the label is absent), Exists, DoesNotExist. An unknown operator never matches (the API server
 * would reject the object; see the schema check).
 */
export function selectorMatches(selector: LabelSelectorJson | null | undefined, labels: LabelMap): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== String(value)) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, expression.key);
    const values = (expression.values ?? []).map(String);
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(labels[expression.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[expression.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** True when every pair of `subset` is in `labels` (a Service's selector). */
export function labelsInclude(labels: LabelMap, subset: LabelMap): boolean {
  return Object.entries(subset).every(([k, v]) => labels[k] === String(v));
}
