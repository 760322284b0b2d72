/** True for the SDKs' "the caller aborted" errors, whatever their class is called. */
export function isAbortError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const name = error.constructor?.name ?? '';
  // APIUserAbortError (Stainless SDKs), GoogleGenerativeAIAbortError, DOMException AbortError.
  return error.name === 'AbortError' || name.endsWith('AbortError');
}
