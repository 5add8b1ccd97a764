// One of two modules that each wrap, through the app's helper, a closure over a client of
// their own: a bundle may keep both in one file, where a minifier gives the closures equal text.
import { clientOf, memo } from "./memo.js";

const client = clientOf("teams");
export const get = memo((id) => client.get(id));
