/** Phantom marker carrying a result or payload type in the contract; it has no runtime value worth reading. */
export type Returns<T> = { readonly __returns?: T };
export const returns = <T>(): Returns<T> => ({});
