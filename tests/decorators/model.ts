// A class whose method is cached with the TC39 decorator form the README shows. Node cannot
// run `@` itself: tests/js/decorators.test.js compiles this with tsc first.
import { cacheResource } from "cache-resource";

export let loads = 0;

export class Models {
  @cacheResource({ ttl: "1h" })
  load(name: string, _onProgress?: (p: number) => void): { name: string } {
    loads++;
    return { name };
  }
}

// Keyed per instance by value: a cacheKey is called with the call's `this`.
export class Api {
  constructor(readonly base: string) {}

  @cacheResource({ cacheKey(this: Api, id: number) { return [this, id]; } })
  user(id: number): { url: string } {
    return { url: `${this.base}/users/${id}` };
  }
}

// Two classes whose decorated methods have equal name and source, and read `this`:
// compiled, both are applied from one helper, yet each keeps a cache of its own.
export class Users {
  readonly table = "users";

  @cacheResource()
  find(id: number): string {
    return `${this.table}/${id}`;
  }
}

export class Posts {
  readonly table = "posts";

  @cacheResource()
  find(id: number): string {
    return `${this.table}/${id}`;
  }
}

// The same, with one decorator made once and applied to both.
const hourly = cacheResource({ ttl: "1h" });

export class Tags {
  readonly table = "tags";

  @hourly
  find(id: number): string {
    return `${this.table}/${id}`;
  }
}

export class Notes {
  readonly table = "notes";

  @hourly
  find(id: number): string {
    return `${this.table}/${id}`;
  }
}

// Bare, as `@st.cache_resource` is written in Python, on two more twins.
export class Labels {
  readonly table = "labels";

  @cacheResource
  find(id: number): string {
    return `${this.table}/${id}`;
  }
}

export class Links {
  readonly table = "links";

  @cacheResource
  find(id: number): string {
    return `${this.table}/${id}`;
  }
}
