/** PowerShell wrote a type name instead of a collection's values (values lost at export time). */
export function isTypeNameLeak(value: string): boolean {
  return /^(System\.[\w.`]+\[\]|System\.Collections\.|Microsoft\.Exchange\.Data\.MultiValuedProperty|Deserialized\.)/.test(
    value.trim(),
  );
}
