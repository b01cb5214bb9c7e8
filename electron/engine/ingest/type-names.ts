const TYPE_NAME =
  /^(System\.[\w.`]+\[\]|System\.Collections\.|Microsoft\.Exchange\.Data\.MultiValuedProperty|Deserialized\.)/;

/** PowerShell wrote a type name instead of a collection's values (values lost at export time). */
export function isTypeNameLeak(value: string): boolean {
  return TYPE_NAME.test(value.trim());
}
