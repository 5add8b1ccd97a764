// A Python hit in Pyodide, against the naive key (md5 of a pickle, in a dict) and
// functools.lru_cache, in the same process. Usage: npm run build && node bench/python.mjs [runs]
import { loadPyodide } from "pyodide";
import { installCacheResource } from "cache-resource/pyodide";

const RUNS = Number(process.argv[2] ?? 3);
const pyodide = await loadPyodide();
installCacheResource(pyodide);
const table = await pyodide.runPythonAsync(`
import functools, hashlib, pickle, time
from cache_resource import cache_resource

def per_call(f, make_args, n):
    """Microseconds per f(*make_args()), less what making the arguments costs: each call
    gets fresh arguments, equal to the last (a new dict, new strings), as a rerun passes."""
    def timed(g):
        best = []
        for _ in range(${RUNS}):
            batch = [make_args() for _ in range(n)]
            start = time.perf_counter()
            for args in batch:
                g(*args)
            best.append((time.perf_counter() - start) / n * 1e6)
        best.sort()
        return best[len(best) // 2]
    return max(0.0, timed(f) - timed(lambda *a: None))

def naive(fn):
    cache = {}
    def wrapped(*args):
        key = hashlib.md5(pickle.dumps(args)).digest()
        if key not in cache:
            cache[key] = fn(*args)
        return cache[key]
    return wrapped

@cache_resource
def two(a, b):
    return object()

@cache_resource
def one(d):
    return object()

def plain(*args):
    return object()

def transform(x):
    """What a pipeline step passes on: a function, keyed by its code."""
    y = x * 2
    for i in range(3):
        y += i
    return y

class Row:
    """A record as an app's own class: keyed by its type and fields."""
    def __init__(self, i):
        self.id, self.name, self.active = i, f"n{i}", bool(i % 2)

config = lambda: {f"k{i}": (i, f"v{i}") for i in range(20)}
rows = []
for label, ours, make_args, n in (
    ("f(1, 'a')", two, lambda: (1, "a"), 5000),
    ("f(d), d a fresh 20-key dict of tuples", one, lambda: (config(),), 1000),
    ("f(transform, 1), a function argument", two, lambda: (transform, 1), 2000),
    ("f(rows), 100 instances of a Python class", one, lambda: ([Row(i) for i in range(100)],), 100),
):
    ours(*make_args())
    lru = functools.lru_cache(maxsize=None)(plain)
    lru_us = "n/a (unhashable)"
    try:
        lru(*make_args())
        lru_us = f"{per_call(lru, make_args, n):.2f}"
    except TypeError:
        pass
    naive_f = naive(plain)
    rows.append(f"| \`{label}\` | {per_call(ours, make_args, n):.1f} | {per_call(naive_f, make_args, n):.1f} | {lru_us} |")
"\\n".join(["| call | cache_resource | md5(pickle) key in a dict | functools.lru_cache |", "| --- | ---: | ---: | ---: |", *rows])
`);
console.log(`# A Python hit in Pyodide under Node ${process.version}, µs per call, median of ${RUNS}\n\n${table}`);
