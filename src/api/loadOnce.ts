/** A module loaded on demand: `load` imports it once (again after a failure), `loaded` is it once it has arrived. */
export type OnDemand<TModule> = { load(): Promise<TModule>; loaded(): TModule | undefined };

/**
 * Wraps a dynamic `import()` so every caller shares one request, code that runs later can use
 * the module without waiting a tick, and a failed load (a chunk gone after a deployment, the
 * network) is asked for again next time instead of failing for good.
 */
export function loadOnce<TModule>(importer: () => Promise<TModule>): OnDemand<TModule> {
  let pending: Promise<TModule> | undefined;
  let module: TModule | undefined;
  return {
    load() {
      pending ??= importer().then(
        (arrived) => {
          module = arrived;
          return arrived;
        },
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      );
      return pending;
    },
    loaded: () => module,
  };
}
