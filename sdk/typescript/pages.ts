// Every item of a list, page after page, following the `next` links the server gives (cursor links by default),
// so it keeps working however the server pages.
import type { components } from "../../build/sdk/typescript/schema";

type ApiError = components["schemas"]["Error"];

export interface Page<Item> {
  next: string | null;
  results: Item[];
}

export class PageError extends Error {
  constructor(readonly error: ApiError) {
    super(`${error.status} ${error.code}: ${error.detail}`);
  }
}

export async function* every<Item>(firstPage: string, init?: RequestInit): AsyncGenerator<Item> {
  let url: string | null = firstPage;
  while (url !== null) {
    const response: Response = await fetch(url, init);
    if (!response.ok) throw new PageError((await response.json()) as ApiError);
    const page = (await response.json()) as Page<Item>;
    yield* page.results;
    url = page.next;
  }
}
