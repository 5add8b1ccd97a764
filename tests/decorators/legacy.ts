// TypeScript's experimentalDecorators (what Angular compiles): the decorator gets the
// prototype, the method's name and its descriptor. Compiled by tests/js/decorators.test.js.
import { cacheResource } from "cache-resource";

export let loads = 0;

export class Models {
  @cacheResource({ ttl: "1h" })
  load(name: string, _onProgress?: (p: number) => void): { name: string } {
    loads++;
    return { name };
  }
}

// Two classes whose methods have equal name and source, decorated from one helper.
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

// Bare, as `@st.cache_resource` is written.
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
