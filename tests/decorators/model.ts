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
