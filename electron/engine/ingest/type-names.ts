/**
 * Type names PowerShell writes instead of a collection's values: `System.Object[]`,
 * `System.Collections.ArrayList`, `Microsoft.Exchange.Data.MultiValuedProperty…`, `Deserialized.…`,
 * and Exchange's own arrays (`Microsoft.Exchange.Data.Storage.Management.ADRecipientOrAddress[]`,
 * `…Rules.Tasks.TransportRuleAction[]`). A bare Exchange class name without `[]` is a value (CRT
 * lists a transport rule's action classes that way), not a leak.
 */
const TYPE_NAME = new RegExp(
  [
    /^System\.[\w.`]+\[\]/,
    /^System\.Collections\./,
    /^Microsoft\.Exchange\.Data\.MultiValuedProperty/,
    /^Microsoft\.Exchange\.[\w.`]+\[\]$/,
    /^Deserialized\./,
  ]
    .map((re) => `(?:${re.source})`)
    .join('|'),
);

/** PowerShell wrote a type name instead of a collection's values (values lost at export time). */
export function isTypeNameLeak(value: string): boolean {
  return TYPE_NAME.test(value.trim());
}
