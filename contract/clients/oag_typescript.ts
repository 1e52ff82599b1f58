// The openapi-generator typescript-fetch client (build/contract/clients/typescript) against a live server.
//
//   EVENTAPI_URL=... node build/contract/clients/typescript-test/contract/clients/oag_typescript.js  (from the repository's root)
//
// `make contract-clients` type-checks this file with the generated sources (`tsc -p contract/clients`, strict) and
// runs it. It reads, anonymously, every list of contract/clients/resources.json through the client's
// `<resource>List` methods, following `next` links (their `cursor` or `offset`), one object of each resource
// (`<resource>Retrieve`) and that object's history (`<resource>HistoryList`). typescript-fetch's `FromJSON`
// functions do not validate, so each deserialized value is checked two ways against the response body it came from:
//   - `instanceOf<Model>` (every required property is there), for the page or object and for each item;
//   - the value holds what the body holds: every property (under its camelCase name), the same values, dates and
//     times as `Date`s of the same day or instant, so that nothing the server sent was dropped or mangled.
// Every failure is printed with the operation and the difference; the exit status is 1 if there was any.

import * as client from "../../build/contract/clients/typescript/src/index";

declare const process: { env: Record<string, string | undefined>; exitCode?: number; cwd(): string };
declare function require(name: string): any;

const fs = require("fs");
// Run from the repository's root, as `make contract-clients` does. operations.json is what this needs of
// schema/openapi.yaml (written by contract/generate_clients.py): per operation, the model of its 200 response and
// its path parameter; per page model, the model of its items.
const resources = JSON.parse(fs.readFileSync(`${process.cwd()}/contract/clients/resources.json`, "utf8"));
const operations = JSON.parse(fs.readFileSync(`${process.cwd()}/build/contract/clients/operations.json`, "utf8"));

const failures: string[] = [];
const counts: Record<string, number> = {};
const lib = client as unknown as Record<string, any>;

const camel = (text: string) => text.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
// `meeting-relations` in addresses is `meeting_relations` in operation ids.
const operationPrefix = (resource: string) => resource.replace(/-/g, "_");
const pascal = (text: string) => camel(text).replace(/^./, (letter) => letter.toUpperCase());

function operation(operationId: string): { model: string; keyParameter?: string; itemModel?: string } {
  const found = operations[operationId];
  if (!found) throw new Error(`no operation ${operationId} in operations.json`);
  return found;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// Differences between what the server sent and what the client made of it, as "path: sent -> made". The client
// renames properties to camelCase (`created_at` -> `createdAt`; a reserved word gets an underscore: `new` -> `_new`)
// and makes dates and times `Date`s; anything else
// must be the same value.
function differences(sent: any, made: any, path = "$"): string[] {
  const show = (value: any) => (value instanceof Date ? `Date(${isNaN(value.getTime()) ? "Invalid" : value.toISOString()})` : JSON.stringify(value));
  if (typeof sent === "string" && made instanceof Date) {
    const same = DATE.test(sent)
      ? !isNaN(made.getTime()) && made.toISOString().slice(0, 10) === sent
      : DATE_TIME.test(sent) && made.getTime() === Date.parse(sent);
    return same ? [] : [`${path}: ${show(sent)} -> ${show(made)}`];
  }
  if (Array.isArray(sent) && Array.isArray(made)) {
    const found = sent.length === made.length ? [] : [`${path}: ${sent.length} items -> ${made.length}`];
    return found.concat(...sent.map((item, index) => differences(item, made[index], `${path}[${index}]`)));
  }
  if (sent && made && typeof sent === "object" && typeof made === "object" && !Array.isArray(sent)) {
    const found: string[] = [];
    const seen = new Set<string>();
    for (const key of Object.keys(sent)) {
      // typescript-fetch escapes a reserved word with an underscore (FieldChange's `new` is `_new`)
      const name = [key, camel(key), `_${camel(key)}`].find((candidate) => candidate in made) ?? key;
      seen.add(name);
      if (!(name in made)) found.push(`${path}.${key}: dropped`);
      else found.push(...differences(sent[key], made[name], `${path}.${key}`));
    }
    for (const name of Object.keys(made)) if (!seen.has(name) && made[name] !== undefined) found.push(`${path}.${name}: added ${show(made[name])}`);
    return found;
  }
  return JSON.stringify(sent) === JSON.stringify(made) ? [] : [`${path}: ${show(sent)} -> ${show(made)}`];
}

function check(label: string, model: string, body: any, value: any, itemModel?: string): void {
  if (!lib[`instanceOf${model}`](value)) failures.push(`${label}: not an instanceOf${model}`);
  if (itemModel) {
    value.results.forEach((item: any, index: number) => {
      if (!lib[`instanceOf${itemModel}`](item)) failures.push(`${label}: results[${index}] not an instanceOf${itemModel}`);
    });
  }
  const found = differences(body, value);
  if (found.length) failures.push(`${label}: ${model}FromJSON(body) differs from the body (${found.length}):\n      ${found.slice(0, 10).join("\n      ")}`);
}

async function call(label: string, api: any, method: string, parameters: Record<string, unknown>): Promise<[any, any] | null> {
  try {
    const response = await api[`${method}Raw`](parameters);
    const body = await response.raw.clone().json();
    return [body, await response.value()];
  } catch (error: any) {
    let detail = String(error && error.stack ? error.stack.split("\n").slice(0, 2).join(" ") : error);
    if (error && error.response) detail += ` (status ${error.response.status}: ${(await error.response.text()).slice(0, 300)})`;
    failures.push(`${label}: ${detail}`);
    return null;
  }
}

async function readAll(label: string, api: any, operationId: string, parameters: Record<string, unknown>): Promise<any[] | null> {
  const { model, itemModel } = operation(operationId);
  const items: any[] = [];
  let page: Record<string, unknown> = {};
  for (let pages = 0; pages < 1000; pages++) {
    const result = await call(`${label} ${JSON.stringify(page)}`, api, camel(operationId), { ...parameters, ...page });
    if (!result) return null;
    const [body, value] = result;
    check(`${label} ${JSON.stringify(page)}`, model, body, value, itemModel);
    items.push(...value.results);
    if (value.next == null) return items;
    const query = new URL(value.next).searchParams;
    page = {};
    if (query.has("cursor")) page.cursor = query.get("cursor");
    for (const name of ["offset", "limit"]) if (query.has(name)) page[name] = Number(query.get(name));
  }
  failures.push(`${label}: more than 1000 pages`);
  return null;
}

async function main(): Promise<void> {
  const base = process.env.EVENTAPI_URL as string;
  const configuration = new client.Configuration({ basePath: base });
  const apis: Record<string, any> = {};
  const apiOf = (resource: string) => (apis[resource] ??= new lib[`${pascal(operationPrefix(resource))}Api`](configuration));

  for (const resource of resources.lists as string[]) {
    const id = operationPrefix(resource);
    const items = await readAll(`${id}_list`, apiOf(resource), `${id}_list`, {});
    if (items) counts[`${id}_list`] = items.length;
  }
  for (const [resource, key] of Object.entries(resources.objects as Record<string, string>)) {
    const id = operationPrefix(resource);
    const first = (await (await fetch(`${base}/api/v1/${resource}/?limit=1`)).json()).results;
    if (!first.length) {
      failures.push(`${id}_retrieve: the list is empty, no object to read`);
      continue;
    }
    const { model, keyParameter } = operation(`${id}_retrieve`);
    const parameters = { [keyParameter as string]: first[0][key] };
    const result = await call(`${id}_retrieve ${first[0][key]}`, apiOf(resource), camel(`${id}_retrieve`), parameters);
    if (result) {
      check(`${id}_retrieve ${first[0][key]}`, model, result[0], result[1]);
      counts[`${id}_retrieve`] = 1;
    }
    if ((resources.history as string[]).includes(resource)) {
      const entries = await readAll(`${id}_history_list`, apiOf(resource), `${id}_history_list`, parameters);
      if (entries) counts[`${id}_history_list`] = entries.length;
    }
  }
  console.log("openapi-generator typescript-fetch client:", JSON.stringify(counts));
  for (const failure of failures) console.log(`  FAILED ${failure}`);
  console.log(`openapi-generator typescript-fetch client: ${failures.length} failures`);
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((error) => {
  console.log(`openapi-generator typescript-fetch client: crashed: ${error && error.stack}`);
  process.exitCode = 1;
});
