declare module 'gltf-validator' {
  interface ValidationReport {
    issues: { numErrors: number; numWarnings: number; numInfos: number; numHints: number; messages: unknown[] };
    info?: Record<string, unknown>;
  }
  interface ValidationOptions {
    uri?: string;
    maxIssues?: number;
    writeTimestamp?: boolean;
    ignoredIssues?: string[];
    externalResourceFunction?: (uri: string) => Promise<Uint8Array>;
  }
  const validator: {
    validateBytes(data: Uint8Array, options?: ValidationOptions): Promise<ValidationReport>;
    version(): string;
  };
  export default validator;
}
