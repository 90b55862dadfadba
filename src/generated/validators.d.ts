// Types for the validators scripts/build.mjs generates from schema/*.schema.json.
export type SchemaError = {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
};
type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
export const validatePlaybook: Validator;
export const validateConfig: Validator;
