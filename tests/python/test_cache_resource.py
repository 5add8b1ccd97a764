"""The Python front end, run in real Pyodide by tests/js/pyodide.test.js.

Every ``test_*`` function (sync or async) becomes one node:test case. Cached functions are
defined inside the tests, so each has its own qualified name and its own cache.
"""

import asyncio
import collections
import dataclasses
import datetime
import decimal
import enum
import functools
import gc
import itertools
import math
import re
import threading
import types
import weakref

from cache_resource import HashFuncError, UnhashableParamError, cache_resource


class Counter:
    """A cached function's body: records each real call."""

    def __init__(self):
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return object()


class raises:
    """``with raises(SomeError) as caught:`` fails the test unless the block raises SomeError
    (any other exception goes on up); ``caught.error`` is what it raised, ``caught.message``
    its text."""

    def __init__(self, kind, why=None):
        self.kind = kind
        self.why = why or f"expected {kind.__name__}"

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:
            raise AssertionError(self.why)
        if not issubclass(kind, self.kind):
            return False
        self.error = error
        self.message = str(error)
        return True


def test_decorator_forms():
    runs = Counter()

    @cache_resource
    def bare(x):
        "Doc of bare."
        return runs(x)

    @cache_resource()
    def empty_call(x):
        return runs(x)

    @cache_resource(ttl="1h", max_entries=3)
    def with_options(x):
        return runs(x)

    def plain(x):
        return runs(x)

    direct = cache_resource(plain, ttl=60)

    for f in (bare, empty_call, with_options, direct):
        assert f(1) is f(1)
        assert f(1) is not f(2)
    assert len(runs.calls) == 8
    assert bare.__name__ == "bare" and bare.__doc__ == "Doc of bare."
    assert bare.__wrapped__ is not None


def test_arguments_bind_to_the_signature():
    runs = Counter()

    @cache_resource
    def connect(host, port=5432, *, user="admin"):
        return runs(host, port, user)

    first = connect("db")
    assert connect("db", 5432) is first
    assert connect(host="db") is first
    assert connect(port=5432, host="db") is first
    assert connect("db", user="admin") is first
    assert connect("db", 5433) is not first
    assert connect("db", user="root") is not first
    assert len(runs.calls) == 3


def test_annotations_naming_types_imported_only_for_type_checkers():
    # From Python 3.14 an annotation is evaluated when read: `Model` here stands for a type
    # imported under `if TYPE_CHECKING:`, so reading it raises NameError.
    runs = Counter()

    @cache_resource
    def load(model: Model, _log: Logger, size: int = 1) -> Model:  # noqa: F821
        return runs(model, size)

    assert load("m", None) is load("m", print, 1)
    assert load("m", None, 2) is not load("m", None)
    assert len(runs.calls) == 2


def test_star_args_and_kwargs():
    runs = Counter()

    @cache_resource
    def load(*paths, **flags):
        return runs(paths, flags)

    assert load("a", "b", fast=True, deep=False) is load("a", "b", deep=False, fast=True)
    assert load("a", "b") is not load("b", "a")
    # An underscore keyword inside **kwargs is left out, as a named one would be.
    assert load("a", fast=True, _log=print) is load("a", fast=True, _log=None)
    assert len(runs.calls) == 4


def test_values_are_type_tagged():
    runs = Counter()

    @cache_resource
    def probe(x):
        return runs(x)

    distinct = [1, 1.0, True, "1", b"1", None, (1,), [1], {1}, frozenset({1}), 1 + 0j, decimal.Decimal("1")]
    results = [probe(v) for v in distinct]
    assert len({id(r) for r in results}) == len(distinct)
    # Values come back as the same Python objects, not converted copies.
    assert probe(1.0) is results[1]


# Pairs whose keys must be equal, then pairs whose keys must differ.
class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Perm(enum.IntFlag):
    READ = 1
    WRITE = 2


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Plain:
    def __init__(self, a, b):
        self.a = a
        self.b = b


Pair = collections.namedtuple("Pair", "a b")


class Page(list):
    """A list that keeps a field beside its items, which == leaves out."""

    def __init__(self, items, number):
        super().__init__(items)
        self.number = number


class Settings(dict):
    def __init__(self, items, source):
        super().__init__(items)
        self.source = source


class Label(str):
    pass


def label(text, color):
    out = Label(text)
    out.color = color
    return out


def make_adder(n):
    return lambda x: x + n


def cyclic_list():
    a = [1]
    a.append(a)
    return a


def cyclic_dict():
    d = {"k": 1}
    d["self"] = d
    return d


EQUAL = [
    ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
    ({1, 2, 3}, {3, 2, 1}),
    (frozenset("abc"), frozenset("cba")),
    ([1, [2, [3]]], [1, [2, [3]]]),
    (float("nan"), float("nan")),
    (2**100, 2**100),
    ("ünïcödé \ud800", "ünïcödé \ud800"),
    (Color.RED, Color.RED),
    (Perm.READ | Perm.WRITE, Perm(3)),
    (Perm(0), Perm(0)),
    (Perm(4), Perm(4)),
    (Point(1, 2), Point(1, 2)),
    (Plain(1, [2]), Plain(1, [2])),
    (datetime.datetime(2026, 11, 24, 12), datetime.datetime(2026, 11, 24, 12)),
    (datetime.timedelta(hours=1), datetime.timedelta(minutes=60)),
    (decimal.Decimal("1.5"), decimal.Decimal("1.5")),
    (Pair(1, 2), Pair(1, 2)),
    (cyclic_list(), cyclic_list()),
    (cyclic_dict(), cyclic_dict()),
    (bytearray(b"xy"), bytearray(b"xy")),
    (range(0, 10, 2), range(0, 10, 2)),
    (make_adder(1), make_adder(1)),
    (len, len),
    (str.upper, str.upper),
    (functools.partial(max, 1), functools.partial(max, 1)),
    (int, int),
    (Page([1], 1), Page([1], 1)),
    (Settings({"a": 1}, "env"), Settings({"a": 1}, "env")),
    (label("a", "red"), label("a", "red")),
    (collections.defaultdict(list, a=1), collections.defaultdict(list, a=1)),
]

DIFFERENT = [
    (0.0, -0.0),
    (1, True),
    ((1, 2), [1, 2]),
    ({"a": 1}, {"a": 1.0}),
    ({1, 2}, frozenset({1, 2})),
    ([1, [2]], [[1], 2]),
    ("ab", b"ab"),
    (Color.RED, Color.GREEN),
    (Color.RED, 1),
    (Perm(0), Perm.READ),
    (Perm(4), Perm(8)),
    (Perm(4), 4),
    (Point(1, 2), Point(2, 1)),
    (Point(1, 2), (1, 2)),
    (Plain(1, 2), Plain(1, 3)),
    (Pair(1, 2), (1, 2)),
    (datetime.date(2026, 1, 1), datetime.datetime(2026, 1, 1)),
    (datetime.datetime(2026, 1, 1), datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)),
    (make_adder(1), make_adder(2)),
    ("a".upper, "b".upper),
    (int, float),
    (cyclic_list(), [1, [1]]),
    (None, "None"),
    ([], ()),
    ({}, set()),
    (Page([1], 1), Page([1], 2)),
    (Page([1], 1), [1]),
    (Settings({"a": 1}, "env"), Settings({"a": 1}, "file")),
    (label("a", "red"), label("a", "blue")),
    (collections.defaultdict(list, a=1), collections.defaultdict(set, a=1)),
    (collections.defaultdict(list, a=1), {"a": 1}),
]


def test_key_table():
    runs = Counter()

    @cache_resource
    def probe(x):
        return runs(x)

    for a, b in EQUAL:
        probe.clear()
        assert probe(a) is probe(b), f"{a!r} and {b!r} must share an entry"
    for a, b in DIFFERENT:
        probe.clear()
        assert probe(a) is not probe(b), f"{a!r} and {b!r} must not share an entry"


def test_mutating_an_argument_changes_its_key():
    runs = Counter()

    @cache_resource
    def probe(config):
        return runs(config)

    config = {"size": 1}
    first = probe(config)
    config["size"] = 2
    assert probe(config) is not first
    assert probe({"size": 1}) is first


def test_underscore_parameters_are_not_hashed():
    runs = Counter()

    @cache_resource
    def connect(url, _lock, _log=None):
        return runs(url)

    a = connect("db://x", threading.Lock(), _log=print)
    assert connect("db://x", threading.Lock()) is a
    assert connect("db://y", threading.Lock()) is not a
    assert len(runs.calls) == 2


def test_unhashable_arguments_name_the_parameter():
    @cache_resource
    def open_file(path, handle):
        return path

    with raises(UnhashableParamError) as caught:
        open_file("a.txt", threading.Lock())
    assert isinstance(caught.error, TypeError)
    message = caught.message
    assert "Cannot hash argument 'handle'" in message, message
    assert "lock" in message, message
    assert "open_file" in message, message
    assert "def open_file(_handle, ...)" in message, message
    assert "hash_funcs" in message, message

    @cache_resource
    def first(*items):
        return items

    with raises(UnhashableParamError) as caught:
        first(1, (x for x in []))
    assert "'items[1]'" in caught.message, caught.message
    assert "generator" in caught.message, caught.message


def test_unhashable_values_deep_in_an_argument_say_where_they_are():
    class Pool:
        def __init__(self):
            self.lock = threading.Lock()
            self.size = 3

    class Slotted:
        __slots__ = ("conn",)

        def __init__(self):
            self.conn = threading.Lock()

    @cache_resource
    def connect(config, *extras):
        return config

    for args, where in [
        (({"db": {"locks": [threading.Lock()]}},), "config['db']['locks'][0]"),
        (([1, (2, threading.Lock())],), "config[1][1]"),
        (({"pool": Pool()},), "config['pool'].lock"),
        ((Slotted(),), "config.conn"),
        ((1, {"hosts": ("a", threading.Lock())}), "extras[0]['hosts'][1]"),
    ]:
        with raises(UnhashableParamError) as caught:
            connect(*args)
        assert f"It is at `{where}`." in caught.message, caught.message
    with raises(UnhashableParamError) as caught:
        connect(threading.Lock())
    assert "It is at" not in caught.message, "the argument itself needs no place"


def test_hash_funcs_by_type_and_by_name():
    class Connection:
        def __init__(self, url):
            self.url = url
            self.lock = threading.Lock()  # unhashable on its own

    runs = Counter()

    @cache_resource(hash_funcs={Connection: lambda c: c.url})
    def by_type(conn):
        return runs(conn)

    assert by_type(Connection("a")) is by_type(Connection("a"))
    assert by_type(Connection("a")) is not by_type(Connection("b"))
    # At any depth inside the arguments.
    assert by_type([Connection("a")]) is by_type([Connection("a")])

    name = f"{Connection.__module__}.{Connection.__qualname__}"

    @cache_resource(hash_funcs={name: lambda c: c.url})
    def by_name(conn):
        return runs(conn.url)

    assert by_name(Connection("a")) is by_name(Connection("a"))

    def broken(c):
        raise RuntimeError("no url today")

    @cache_resource(hash_funcs={Connection: broken})
    def failing(conn):
        return conn

    with raises(HashFuncError) as caught:
        failing(Connection("a"))
    assert "broken" in caught.message and "no url today" in caught.message and "'conn'" in caught.message, caught.message


def test_errors_are_not_cached():
    attempts = []

    @cache_resource
    def flaky(x):
        attempts.append(x)
        if len(attempts) == 1:
            raise ConnectionError("first try fails")
        return object()

    with raises(ConnectionError, "expected the function's own exception"):
        flaky(1)
    value = flaky(1)
    assert flaky(1) is value
    assert attempts == [1, 1]


async def test_ttl_expires_on_the_real_timer():
    released = []

    @cache_resource(ttl=0.15, on_release=released.append)
    def token(user):
        return {"user": user}

    first = token("ann")
    assert token("ann") is first
    await asyncio.sleep(0.4)
    # The timer released it without any call touching the cache.
    assert released == [first], released
    assert token.stats()["expired"] == 1
    assert token("ann") is not first


def busy_wait(seconds):
    """Runs for `seconds` without yielding: a whole script runs in one turn in Pyodide."""
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_ttl_holds_inside_one_long_synchronous_run():
    @cache_resource(ttl=0.08)
    def token(user):
        return object()

    first = token("ann")
    assert token("ann") is first
    busy_wait(0.1)
    assert token("ann") is not first, "served past its deadline within one turn"

    @cache_resource(ttl=0.3)
    def slow(x):
        busy_wait(0.25)
        return object()

    value = slow(1)
    busy_wait(0.1)  # 0.35 s into the turn, 0.1 s after the value was stored
    assert slow(1) is value, "the ttl counts from when the value was stored"


async def test_ttl_as_timedelta_and_text():
    @cache_resource(ttl=datetime.timedelta(milliseconds=100))
    def a():
        return object()

    @cache_resource(ttl="100ms")
    def b():
        return object()

    first_a, first_b = a(), b()
    await asyncio.sleep(0.3)
    assert a() is not first_a
    assert b() is not first_b


def test_max_entries_evicts_the_least_recently_used():
    released = []

    @cache_resource(max_entries=2, on_release=released.append)
    def model(name):
        return f"model {name}"

    model("a")
    model("b")
    model("a")  # now "b" is the least recently used
    model("c")
    assert released == ["model b"], released
    stats = model.stats()
    assert stats["entries"] == 2 and stats["evicted"] == 1, stats


def test_validate_drops_a_dead_resource():
    class Conn:
        alive = True

    released = []

    @cache_resource(validate=lambda c: c.alive, on_release=released.append)
    def connect(url):
        return Conn()

    first = connect("x")
    assert connect("x") is first
    first.alive = False
    second = connect("x")
    assert second is not first
    assert released == [first]


def test_clear_one_entry_one_function_everything():
    released = []

    @cache_resource(on_release=released.append)
    def res(x, y=0):
        return [x, y]

    @cache_resource(on_release=released.append)
    def other():
        return ["other"]

    a, b, o = res(1), res(2), other()
    res.clear(x=1, y=0)  # the same entry as res(1)
    assert released == [a]
    assert res(2) is b
    res.clear()
    assert released == [a, b]
    assert other() is o
    cache_resource.clear()
    assert released == [a, b, o]
    assert res(1) is not a


def test_released_values_are_freed():
    class Resource:
        pass

    @cache_resource
    def make(i):
        return Resource()

    refs = [weakref.ref(make(i)) for i in range(50)]
    make.clear()
    gc.collect()
    assert all(r() is None for r in refs), "JavaScript still holds released values"


async def test_released_async_values_are_freed():
    class Resource:
        pass

    @cache_resource
    async def make(i):
        await asyncio.sleep(0)
        return Resource()

    refs = [weakref.ref(await make(i)) for i in range(20)]
    make.clear()
    for _ in range(3):
        await asyncio.sleep(0.01)  # releases of async entries run once their promise settles
        gc.collect()
    assert all(r() is None for r in refs), f"{sum(r() is not None for r in refs)} async values still held"


def test_a_raising_validate_drops_the_entry_and_raises():
    @cache_resource(validate=lambda v: 1 / 0)
    def res():
        return object()

    res()
    with raises(ZeroDivisionError, "expected validate's own exception"):
        res()
    assert res.stats()["entries"] == 0


async def test_async_functions_compute_once():
    runs = []

    @cache_resource
    async def fetch(url):
        runs.append(url)
        await asyncio.sleep(0.05)
        return {"url": url}

    import inspect

    assert inspect.iscoroutinefunction(fetch), "still an async function to inspect"
    results = await asyncio.gather(*(fetch("a") for _ in range(10)), fetch("b"))
    assert runs == ["a", "b"], runs
    assert all(r is results[0] for r in results[:10])
    assert await fetch("a") is results[0]


async def test_an_async_call_that_awaits_its_own_entry_raises_rather_than_waiting_forever():
    @cache_resource
    async def resolve(name):
        if name.endswith("."):
            return await resolve(name)  # the entry this very call is computing
        return await resolve(name + ".")

    with raises(RecursionError) as caught:
        await asyncio.wait_for(resolve("a."), 5)
    assert "await itself" in caught.message, caught.message
    helpers = []

    @cache_resource
    async def warm(name):
        # A task the computation starts and does not await may ask for the same entry: it
        # waits for the value, and gets it.
        helpers.append(asyncio.ensure_future(warm(name)))
        await asyncio.sleep(0.01)
        return [name]

    value = await asyncio.wait_for(warm("x"), 5)
    assert await asyncio.wait_for(helpers[0], 5) is value


async def test_async_errors_are_not_cached():
    attempts = []

    @cache_resource
    async def flaky():
        attempts.append(1)
        await asyncio.sleep(0.01)
        if len(attempts) == 1:
            raise TimeoutError("slow network")
        return "ok"

    with raises(TimeoutError, "expected the function's own exception"):
        await flaky()
    assert await flaky() == "ok"
    assert await flaky() == "ok"
    assert len(attempts) == 2


async def test_a_javascript_error_raised_by_an_async_function_reaches_every_caller_and_is_not_cached():
    # A failed fetch from Pyodide raises the JavaScript error itself (a JsException).
    import js
    from pyodide.ffi import JsException

    from cache_resource import cache_data

    for decorator in (cache_resource, cache_data):
        attempts = []

        @decorator
        async def fetch_config():
            attempts.append(1)
            await asyncio.sleep(0.01)
            if len(attempts) == 1:
                js.eval("(() => { throw new TypeError('Failed to fetch') })")()
            return {"ok": True}

        first = asyncio.ensure_future(fetch_config())
        waiter = asyncio.ensure_future(fetch_config())
        for caller in (first, waiter):
            with raises(JsException, "expected the JavaScript error") as caught:
                await asyncio.wait_for(caller, 2)
            assert "Failed to fetch" in caught.message, caught.message
        assert await asyncio.wait_for(fetch_config(), 2) == {"ok": True}
        assert len(attempts) == 2, attempts


async def test_an_async_cache_data_call_whose_session_closes_while_it_runs_returns_its_value():
    from cache_resource import Session, cache_data

    started = asyncio.Event()
    go_on = asyncio.Event()

    @cache_data(scope="session")
    async def load():
        started.set()
        await go_on.wait()
        return [1]

    session = Session("closes mid-call")
    with session:
        owner = asyncio.ensure_future(load())
    await started.wait()
    session.close()
    go_on.set()
    assert await asyncio.wait_for(owner, 2) == [1]


async def test_async_validate_and_release():
    released = []

    @cache_resource(validate=lambda v: v["ok"], on_release=released.append)
    async def session():
        await asyncio.sleep(0.01)
        return {"ok": True}

    first = await session()
    first["ok"] = False
    second = await session()
    assert second is not first
    assert released == [first]


async def test_background_refresh_serves_the_stale_value():
    versions = []

    @cache_resource(ttl=0.3, refresh_mode="background")
    def config():
        versions.append(len(versions))
        return {"version": len(versions)}

    first = config()
    await asyncio.sleep(0.4)  # stale, not yet expired: 0.2 s to spare for a late timer
    assert config() is first  # served at once, refreshed behind
    await asyncio.sleep(0.05)
    assert config()["version"] == 2


async def test_cache_data_refreshes_in_the_background_and_still_gives_copies():
    from cache_resource import cache_data

    versions = []

    @cache_data(ttl=0.3, refresh_mode="background")
    def config():
        versions.append(len(versions))
        return {"version": len(versions), "rows": [len(versions)]}

    first = config()
    first["rows"].append("mutated")
    await asyncio.sleep(0.4)  # stale, not yet expired: 0.2 s to spare for a late timer
    assert config() == {"version": 1, "rows": [1]}  # a copy of the stale value, at once
    await asyncio.sleep(0.05)
    assert config() == {"version": 2, "rows": [2]}
    assert config() is not config()
    config.clear()

    for kwargs, error, words in (
        (dict(persist="disk", ttl=60, refresh_mode="background"), ValueError, "cannot be combined"),
        (dict(refresh_mode="background"), ValueError, "cache_data: refresh_mode=\"background\" needs a ttl"),
        (dict(ttl=60, refresh_mode="sideways"), ValueError, "cache_data: refresh_mode must be one of"),
    ):
        with raises(error, f"{kwargs} must be refused") as caught:
            cache_data(lambda: 1, **kwargs)
        assert words in caught.message, caught.message


def test_cache_data_max_size_drops_the_least_recently_used_pickles():
    import pickle
    import warnings

    from cache_resource import cache_data

    runs = []

    @cache_data(max_size="2.5 KB")  # 2,560 bytes: two of these pickles, not three
    def blob(name):
        runs.append(name)
        return name.encode() * 1000

    size = len(pickle.dumps(b"a" * 1000, protocol=pickle.HIGHEST_PROTOCOL))
    assert 2 * size <= 2560 < 3 * size
    blob("a"), blob("b")
    blob("a")  # a hit: "a" is now the most recently used
    blob("c")  # over the limit: "b" goes
    assert blob.stats()["entries"] == 2
    blob("a"), blob("c")
    assert runs == ["a", "b", "c"]
    blob("b")
    assert runs == ["a", "b", "c", "b"]
    blob.clear()

    @cache_data(max_size=100)
    def big(n):
        return b"x" * n

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        big(1000), big(1000)
        big(2000)  # the only entry kept is the newest, however large
    assert big.stats()["entries"] == 1 and big.stats()["hits"] == 1
    assert len(caught) == 1 and "max_size" in str(caught[0].message), [str(w.message) for w in caught]

    for value, parsed in (("1KB", 1024), ("1.5 kb", 1536), ("2 MiB", 2 << 20), ("500", 500), ("64b", 64), (4096, 4096)):
        from cache_resource import _byte_limit

        assert _byte_limit(value) == parsed, value
    for value, error in ((0, ValueError), ("-1KB", ValueError), ("1 fortnight", ValueError), ("KB", ValueError), (1.5, TypeError), (True, TypeError)):
        with raises(error, f"max_size={value!r} must be refused") as caught:
            cache_data(lambda: 1, max_size=value)
        assert "max_size" in caught.message, caught.message
    with raises(ValueError, "max_size with persist must be refused") as caught:
        cache_data(lambda: 1, max_size="1MB", persist="disk")
    assert "max_size" in caught.message and "persist" in caught.message, caught.message


def test_cache_data_max_size_counts_each_session_apart():
    from cache_resource import cache_data, cache_resource

    runs = []

    @cache_data(max_size=2500, scope="session")
    def blob(name):
        runs.append(name)
        return name.encode() * 1000

    first, second = cache_resource.session("max_size one"), cache_resource.session("max_size two")
    with first:
        blob("a"), blob("b")
    with second:
        blob("a"), blob("b"), blob("c")  # evicts this session's "a" only
    with first:
        blob("a"), blob("b")
    assert runs == ["a", "b", "a", "b", "c"]
    first.close()
    second.close()


def test_functions_with_equal_code_share_a_cache():
    # What a rerun of a script does: the same definition again gets the same cache.
    def define():
        @cache_resource
        def load(x):
            return object()

        return load

    assert define()(1) is define()(1)


def test_lambdas_written_on_one_line_are_told_apart():
    # A lambda's source is its whole line: its code tells these apart.
    loaders = [cache_resource(lambda: ["a"]), cache_resource(lambda: ["b"])]
    assert (loaders[0](), loaders[1]()) == (["a"], ["b"])

    @cache_resource
    def key(f):
        return object()

    assert key(lambda x: x + 1) is not key(lambda x: x + 2)
    assert key(lambda x: x + 1) is key(lambda x: x + 1)


def test_a_function_argument_is_keyed_by_its_code_and_name_call_after_call():
    # Its source is read once per code object: later calls must still tell functions apart.
    runs = Counter()

    @cache_resource
    def apply(fn, x):
        return runs(fn, x)

    def double(x):
        return 2 * x

    first = apply(double, 1)
    assert all(apply(double, 1) is first for _ in range(3))
    same_code = types.FunctionType(double.__code__, globals(), "double")
    assert apply(same_code, 1) is first

    def double(x):  # noqa: F811 - the same name, other code
        return x + x

    assert apply(double, 1) is not first
    renamed = types.FunctionType(same_code.__code__, globals(), "double")
    renamed.__qualname__ = "elsewhere.double"
    assert apply(renamed, 1) is not first
    assert len(runs.calls) == 3


def make_settings(env):
    """A class made per call, as a factory of configurations makes one."""

    class Settings:
        url = f"https://{env}.example.com"
        retries = 3

        @property
        def host(self):
            return env

        @classmethod
        def describe(cls):
            return env

    return Settings


def make_client(endpoint):
    class Base:
        def call(self):
            return endpoint

    class Client(Base):
        def call(self):
            return super().call()  # captures Client itself

        def parse(self, text):
            return math.floor(float(text))  # captures nothing, reads a module global

    return Client


def make_reader(codec):
    import json  # a module the method captures

    class Reader:
        def read(self, text):
            return json.loads(text) if codec == "json" else text

    return Reader


def make_store(prefix):
    class Store:
        @cache_resource
        def get(self, key):  # `self` is keyed: the instance, and so its class
            return prefix + key

    return Store


def test_classes_made_by_one_factory_from_other_values_are_other_keys():
    @cache_resource
    def use(x):
        return object()

    # Their instances hold no fields: what differs is what each class's body was given.
    assert use(make_settings("prod")()) is use(make_settings("prod")())
    assert use(make_settings("prod")()) is not use(make_settings("dev")())
    assert use(make_settings("prod")) is use(make_settings("prod"))
    assert use(make_settings("prod")) is not use(make_settings("dev"))
    # Through a base made in the same call, and a method that captures its own class.
    assert use(make_client("a")()) is use(make_client("a")())
    assert use(make_client("a")()) is not use(make_client("b")())
    assert use([make_client("a")() for _ in range(3)]) is not use([make_client("b")() for _ in range(3)])
    assert use(make_reader("json")()) is not use(make_reader("text")())
    # A class at module level is keyed by its name, as before: its body is the same each run.
    assert use(Plain(1, 2)) is use(Plain(1, 2))
    # Every Store.get is one cache (one source): its `self` tells the factories' stores apart.
    a = make_store("a/")()
    assert a.get("k") == "a/k" and a.get("k") is a.get("k")
    assert make_store("b/")().get("k") == "b/k"
    # What such a class was given is part of its key, so what cannot be hashed is refused,
    # and the message says where it came from.
    with raises(UnhashableParamError) as caught:
        use(make_client(threading.Lock())())
    assert "make_client.<locals>.Client" in caught.message and "made inside a function" in caught.message, caught.message
    assert "_thread.lock" in caught.message, caught.message


def test_a_cached_function_passed_as_an_argument_is_keyed_as_the_function_it_caches():
    @cache_resource
    def apply(fn, x):
        return [fn(x)]

    @cache_resource
    def double(x):
        return 2 * x

    @cache_resource
    def triple(x):
        return 3 * x

    assert apply(double, 2) is apply(double, 2)
    assert apply(triple, 2) == [6] and apply(double, 2) == [4]


def test_bad_options_fail_at_decoration():
    def f():
        pass

    cases = [
        (dict(ttl=-1), ValueError, "ttl"),
        (dict(ttl=[1]), TypeError, "ttl"),
        (dict(max_entries=0), ValueError, "max_entries"),
        (dict(max_entries=1.5), ValueError, "max_entries"),
        (dict(show_spinner=3), TypeError, "show_spinner"),
        (dict(scope="page"), ValueError, "scope"),
        (dict(refresh_mode="later"), ValueError, "refresh_mode"),
        (dict(validate=1), TypeError, "validate"),
        (dict(hash_funcs={1: str}), TypeError, "hash_funcs"),
        (dict(hash_funcs={int: 1}), TypeError, "hash_funcs"),
        (dict(refresh_mode="background"), ValueError, "ttl"),
    ]
    for options, error, word in cases:
        with raises(error, f"expected {error.__name__} for {options}") as caught:
            cache_resource(f, **options)
        assert word in caught.message, (options, caught.message)
    with raises(TypeError, "expected TypeError for an unknown option"):
        cache_resource(f, unknown=1)


def test_bad_option_values_are_streamlits_errors_too():
    # Code ported from Streamlit catches StreamlitAPIException and its subclasses; each is
    # a ValueError as well, so code that catches that goes on working.
    from cache_resource import StreamlitAPIException, StreamlitBadTimeStringError, StreamlitValueError, cache_data

    def f():
        pass

    async def g():
        pass

    cases = [
        (cache_resource, dict(ttl="soon"), StreamlitBadTimeStringError),
        (cache_resource, dict(ttl=-1), StreamlitValueError),
        (cache_resource, dict(max_entries=0), StreamlitValueError),
        (cache_resource, dict(scope="page"), StreamlitValueError),
        (cache_resource, dict(refresh_mode="later"), StreamlitValueError),
        (cache_resource, dict(ttl=0, refresh_mode="background"), StreamlitValueError),
        (cache_data, dict(persist="yesplz"), StreamlitValueError),
        (cache_data, dict(max_size="lots"), StreamlitValueError),
    ]
    for decorator, options, error in cases:
        for kind in (error, StreamlitAPIException, ValueError):
            with raises(kind, f"expected {kind.__name__} for {options}"):
                decorator(f, **options)
    with raises(StreamlitValueError, "background refresh of an async def"):
        cache_resource(g, ttl=60, refresh_mode="background")

    # Where Streamlit raises StreamlitAPIException for a kind of function it refuses, this is
    # one that is also a TypeError.
    async def stream():
        yield 1

    for refused in (lambda: cache_resource(stream), lambda: cache_resource(f, validate=g), lambda: cache_resource(f, on_release=g)):
        for kind in (StreamlitAPIException, TypeError):
            with raises(kind, f"expected {kind.__name__}"):
                refused()


def test_methods_with_underscore_self():
    class Store:
        def __init__(self):
            self.lock = threading.Lock()

        @cache_resource
        def load(_self, name):
            return [name]

    assert Store().load("a") is Store().load("a")
    first = Store().load("a")
    Store().load.clear("a")  # binds like a call: _self, then name
    assert Store().load("a") is not first
    assert Store.load.clear is not None and Store().load.__name__ == "load"
    assert Store().load.stats()["entries"] == 1


def test_file_likes_are_keyed_by_content_and_position():
    import io

    @cache_resource
    def load(f):
        return object()

    one = load(io.BytesIO(b"1"))
    assert load(io.BytesIO(b"2")) is not one, "another content is another key"
    assert load(io.BytesIO(b"1")) is one
    moved = io.BytesIO(b"line\nrest")
    moved.readline()
    assert load(moved) is not load(io.BytesIO(b"line\nrest")), "the position is part of the key"
    assert moved.tell() == 5, "hashing puts the position back"
    assert load(io.StringIO("a")) is not load(io.StringIO("b"))

    class Uploaded(io.BytesIO):  # what an upload widget hands a cached loader
        name = "data.csv"

    assert load(Uploaded(b"x,y")) is load(Uploaded(b"x,y"))
    assert load(Uploaded(b"x,y")) is not load(Uploaded(b"x,z"))

    closed = io.BytesIO(b"1")
    closed.close()
    with raises(UnhashableParamError) as caught:
        load(closed)
    assert "is closed" in caught.message, caught.message


def test_open_files_are_keyed_by_path_modification_time_and_position():
    import io
    import os
    import tempfile

    @cache_resource
    def load(f):
        return object()

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "rows.csv")
        other = os.path.join(folder, "copy.csv")
        for name in (path, other):
            with open(name, "w") as out:
                out.write("a,b\n1,2\n")
        with open(path, "rb") as one, open(path, "rb") as two, open(other, "rb") as copy:
            first = load(one)
            assert load(two) is first, "two handles on one file, at one position"
            assert load(copy) is not first, "another file with the same content"
            two.readline()
            assert load(two) is not first, "the position is part of the key"
            assert two.tell() == 4, "hashing reads no content, so the position stays"
            os.utime(path, (1, 1))  # as a rewrite does
            assert load(one) is not first, "a modified file is another key"
        for closed in (one, two):
            with raises(UnhashableParamError, "a closed file has no position: refused") as caught:
                load(closed)
            assert "is closed" in caught.message, caught.message
        with tempfile.NamedTemporaryFile() as a, tempfile.NamedTemporaryFile() as b:
            assert load(a) is not load(b), "two empty temporary files are two files"
    with raises(UnhashableParamError, "a stream over no file has no value to hash") as caught:
        load(io.TextIOWrapper(io.BytesIO(b"x"), encoding="utf-8"))
    assert "without a file on disk" in caught.message, caught.message


def test_a_file_is_the_open_file_not_whatever_its_name_names_now():
    import gzip
    import io
    import os
    import tempfile
    import zipfile

    @cache_resource
    def load(f):
        return object()

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "rows.csv")
        with open(path, "w") as out:
            out.write("a")
        with open(path, "rb") as before:
            os.remove(path)
            with open(path, "w") as out:
                out.write("b")
            with open(path, "rb") as after:
                assert load(after) is not load(before), "the name is another file's now"
                assert load(after) is load(after)
        # Streams whose content no file on disk stands for: refused, never one entry.
        archives = []
        for archive, content in (("a.zip", b"one"), ("b.zip", b"two")):
            with zipfile.ZipFile(os.path.join(folder, archive), "w") as z:
                z.writestr("rows.csv", content)
            archives.append(zipfile.ZipFile(os.path.join(folder, archive)))
        streams = [z.open("rows.csv") for z in archives]
        streams += [gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(b"one")))]
        for stream in streams:
            with raises(UnhashableParamError, "a stream over no file on disk") as caught:
                load(stream)
            assert "without a file on disk" in caught.message, caught.message
        for opened in streams + archives:
            opened.close()
    # A spooled file is keyed by what it spools into, and hashing leaves it in memory.
    spooled = []
    for content in (b"one", b"one", b"two"):
        f = tempfile.SpooledTemporaryFile(max_size=1024)
        f.write(content)
        f.seek(0)
        spooled.append(f)
    assert load(spooled[0]) is load(spooled[1])
    assert load(spooled[0]) is not load(spooled[2])
    assert not spooled[0]._rolled, "still in memory"
    for f in spooled:
        f.close()


def test_state_the_hasher_cannot_see_is_unhashable():
    import array
    import threading
    from unittest.mock import MagicMock

    @cache_resource
    def use(x):
        return object()

    class Raises:
        def __getstate__(self):
            raise TypeError("cannot pickle Raises objects")

    for value in (type("Samples", (array.array,), {})("i", [1]), threading.Lock(), Raises()):
        with raises(UnhashableParamError, f"{type(value).__name__} must be refused, never silently equal") as caught:
            use(value)
        assert "x" in caught.message

    @cache_resource(hash_funcs={"unittest.mock.MagicMock": id})
    def by_identity(m):
        return object()

    m = MagicMock()
    assert by_identity(m) is by_identity(m)
    assert by_identity(m) is not by_identity(MagicMock())


def test_a_class_whose_own_code_raises_while_read_is_unhashable_with_that_error_as_cause():
    @cache_resource
    def use(x):
        return object()

    class NoDict:
        @property
        def __dict__(self):
            raise RuntimeError("state is remote")

    class Items(dict):
        def __init__(self):
            super().__init__(a=1)
            self.tag = "t"

        @property
        def __dict__(self):
            raise LookupError("gone")

    for value, cause in ((NoDict(), RuntimeError), ({"deep": [NoDict()]}, RuntimeError), (Items(), LookupError)):
        with raises(UnhashableParamError, f"{type(value).__name__}: an UnhashableParamError, not a bare error") as caught:
            use(value)
        assert "NoDict" in caught.message or "Items" in caught.message, caught.message
        assert "raised" in caught.message, caught.message
        assert isinstance(caught.error.__cause__, cause), repr(caught.error.__cause__)
    assert use(1) is use(1), "the cache stays usable"


def test_mocks_are_keyed_by_identity_never_by_a_reused_id():
    import gc
    from unittest.mock import MagicMock, Mock

    @cache_resource
    def use(client):
        return object()

    m = MagicMock()
    assert use(m) is use(m), "one mock, one entry (as in Streamlit)"
    assert use(m) is not use(MagicMock()) and use(Mock()) is not use(Mock())
    m.anything.deep.returns = 5  # a mock answers any attribute: nothing of it is walked
    assert use(m) is use(m)
    # Python gives a freed object's id to a new one: a new mock must not find its entry.
    seen = {}
    for _ in range(50):
        mock = Mock()
        seen.setdefault(id(mock), []).append(use(mock))
        del mock
        gc.collect()
    reused = [entries for entries in seen.values() if len(entries) > 1]
    assert reused, "the test needs an id that Python reused"
    assert all(len(set(map(id, entries))) == len(entries) for entries in reused)


def test_a_mock_with_a_spec_is_a_mock_whatever_class_it_claims():
    import io
    from unittest.mock import MagicMock, Mock, NonCallableMagicMock

    @cache_resource
    def use(client):
        return object()

    # isinstance(mock, spec) is true, and its methods answer mocks: walked as a dict, a
    # file or a date, it raised a TypeError or blamed a closed file.
    for spec in (dict, list, io.BytesIO, io.StringIO, io.BufferedReader, datetime.datetime, re.Pattern, Exception, Point):
        for make in (Mock, MagicMock, NonCallableMagicMock):
            m = make(spec=spec)
            assert use(m) is use(m), f"{make.__name__}(spec={spec.__name__})"
            assert use(m) is not use(make(spec=spec)), f"{make.__name__}(spec={spec.__name__})"


class Impostor:
    """Claims to be a dict, as a lazy object or a transparent proxy may."""

    def __init__(self, v):
        self.v = v

    @property
    def __class__(self):
        return dict


def test_an_object_is_keyed_as_its_type_not_as_the_class_it_claims():
    @cache_resource
    def use(x):
        return object()

    assert isinstance(Impostor(1), dict)
    assert use(Impostor(1)) is use(Impostor(1))
    assert use(Impostor(1)) is not use(Impostor(2))
    assert use(Impostor(1)) is not use({"v": 1})


def test_a_mocks_key_names_this_process_so_a_persisted_record_never_matches_after_a_reload():
    from unittest.mock import Mock

    import cache_resource as module

    @cache_resource
    def use(client):
        return object()

    m = Mock()
    first = use(m)
    # Serials restart at 1 after a reload: the process's own number tells them apart.
    here = module._PROCESS
    module._PROCESS = bytes(8) if here != bytes(8) else b"\x01" * 8
    try:
        assert use(m) is not first, "the same serial in another process is another key"
    finally:
        module._PROCESS = here
    assert use(m) is first


def test_exceptions_are_keyed_by_their_args():
    class Failure(Exception):
        pass

    @cache_resource
    def explain(e):
        return object()

    assert explain(Failure("a")) is not explain(Failure("b"))
    assert explain(Failure("a")) is explain(Failure("a"))


def test_types_streamlit_hashes_by_value():
    import re
    import types

    @cache_resource
    def key(x):
        return object()

    assert key(re.compile("a+")) is key(re.compile("a+"))
    assert key(re.compile("a+")) is not key(re.compile("a+", re.I))
    assert key(types.MappingProxyType({"a": 1})) is key(types.MappingProxyType({"a": 1}))
    assert key({"a": 1, "b": 2}.keys()) is key({"b": 2, "a": 1}.keys())
    assert key({"a": 1}.items()) is not key({"a": 2}.items())
    assert key({"a": 1}.values()) is key({"b": 1}.values())
    assert key(types.FunctionType.__code__) is key(types.FunctionType.__code__)
    assert key(types.FunctionType.__code__) is not key(types.FunctionType.__defaults__)


def test_ordered_dicts_by_order_and_slices_by_bounds():
    import collections

    @cache_resource
    def key(x):
        return object()

    # OrderedDicts in another order are not ==; plain dicts are.
    ab = collections.OrderedDict(a=1, b=2)
    assert key(ab) is key(collections.OrderedDict(a=1, b=2))
    assert key(ab) is not key(collections.OrderedDict(b=2, a=1))
    assert key({"a": 1, "b": 2}) is key({"b": 2, "a": 1})
    assert key(ab) is not key({"a": 1, "b": 2})
    cyclic = collections.OrderedDict(a=1)
    cyclic["self"] = cyclic
    assert key(cyclic) is key(cyclic)
    assert key(slice(1, 2)) is key(slice(1, 2))
    assert key(slice("a", "c")) is not key(slice("a", "d"))
    assert key(slice(1, 2)) is not key((1, 2, None))


def test_a_class_with_its_own_reduce_is_keyed_by_what_it_returns():
    import threading

    class Client:
        def __init__(self, url):
            self.url = url
            self.lock = threading.Lock()  # unhashable, and no part of what __reduce__ gives

        def __reduce__(self):
            return (Client, (self.url,))

    class Broken:
        def __reduce__(self):
            raise RuntimeError("no")

    @cache_resource
    def key(x):
        return object()

    assert key(Client("a")) is key(Client("a"))
    assert key(Client("a")) is not key(Client("b"))
    with raises(UnhashableParamError) as caught:
        key(Broken())
    assert "its __reduce__ raised RuntimeError: no" in caught.message


def test_operator_getters_and_generic_aliases_by_their_pickle_form():
    import operator

    @cache_resource
    def key(x):
        return object()

    assert key(operator.itemgetter(1)) is key(operator.itemgetter(1))
    assert key(operator.itemgetter(1)) is not key(operator.itemgetter(2))
    assert key(operator.attrgetter("a.b")) is not key(operator.attrgetter("a.c"))
    assert key(operator.methodcaller("m", 1, k=2)) is key(operator.methodcaller("m", 1, k=2))
    assert key(operator.methodcaller("m", 1)) is not key(operator.methodcaller("m", 2))
    assert key(list[int]) is key(list[int])
    assert key(list[int]) is not key(list[str])


def test_template_strings_by_their_strings_and_values():
    # t"a {name}" as Python 3.14 builds it, spelled out so this file parses on any Python.
    try:
        from string.templatelib import Interpolation, Template
    except ImportError:
        return

    @cache_resource
    def key(x):
        return object()

    def t(value, conversion=None, spec="", head="a "):
        return Template(head, Interpolation(value, "name", conversion, spec))

    assert key(t("x")) is key(t("x"))
    assert key(t([1, 2])) is key(t([1, 2]))
    assert key(t("x")) is not key(t("y"))
    assert key(t("x")) is not key(t("x", "r"))
    assert key(t("x")) is not key(t("x", spec=">5"))
    assert key(t("x")) is not key(t("x", head="b "))


def test_a_classs_first_instance_and_its_later_ones_are_keyed_alike():
    # The first instance of a class finds how it is keyed; later ones are keyed as noted.
    class Fresh:
        def __init__(self, a, b):
            self.a, self.b = a, b

    @dataclasses.dataclass
    class FreshData:
        a: int
        b: list

    class FreshState(Fresh):
        def __init__(self, a, b):
            super().__init__(a, b)
            self.lock = threading.Lock()

        def __getstate__(self):
            return {"a": self.a, "b": self.b}

    class FreshReduce(Fresh):
        def __reduce__(self):
            return (FreshReduce, (self.a, self.b))

    @cache_resource
    def key(x):
        return object()

    for make in (Fresh, FreshData, FreshState, FreshReduce):
        first = key(make(1, [2]))
        assert key(make(1, [2])) is first
        assert key(make(1, [3])) is not first
        assert key([make(1, [2])]) is key([make(1, [2])])
    assert key(Fresh(1, [2])) is not key(FreshData(1, [2]))


def test_deques_namespaces_and_a_classs_own_state_are_keyed_by_value():
    import collections
    import threading
    import types

    @cache_resource
    def key(x):
        return object()

    assert key(collections.deque([1, 2])) is key(collections.deque([1, 2]))
    assert key(collections.deque([1, 2])) is not key(collections.deque([1, 3]))
    assert key(collections.deque([1], maxlen=2)) is not key(collections.deque([1]))
    assert key(collections.deque([1])) is not key([1])
    looped = collections.deque()
    looped.append(looped)
    assert key(looped) is key(looped), "a cycle through a deque is a back-reference"
    assert key(types.SimpleNamespace(a=1, b=[2])) is key(types.SimpleNamespace(b=[2], a=1))
    assert key(types.SimpleNamespace(a=1)) is not key(types.SimpleNamespace(a=2))

    class Client:
        """Keeps a lock and a cache that are no part of what it is."""

        def __init__(self, url):
            self.url = url
            self.lock = threading.Lock()
            self.seen = {}

        def __getstate__(self):
            return {"url": self.url}

    assert key(Client("a")) is key(Client("a")), "the lock is left out, as pickle leaves it"
    assert key(Client("a")) is not key(Client("b"))


def test_hash_funcs_by_module_qualified_name():
    @cache_resource(hash_funcs={"builtins.generator": lambda g: "any generator"})
    def consume(g):
        return object()

    assert consume(x for x in ()) is consume(y for y in ())


def test_user_hash_error_is_the_name_streamlit_users_catch():
    from cache_resource import UserHashError

    def broken(x):
        raise RuntimeError("no")

    @cache_resource(hash_funcs={complex: broken})
    def f(z):
        return object()

    with raises(UserHashError) as caught:
        f(1j)
    message = caught.message
    assert "`complex`" in message and "argument 'z'" in message and "<locals>.f'" in message, message


def test_a_raising_hash_function_is_named_after_its_own_error():
    from cache_resource import UserHashError, cache_data

    class Conn:
        def __repr__(self):
            return "Conn('db')"

    def by_port(c):
        return c.port  # Conn has no port

    for decorator, label in ((cache_resource, "@cache_resource"), (cache_data, "@cache_data")):
        @decorator(hash_funcs={Conn: by_port})
        def query(conns):
            return []

        with raises(UserHashError) as caught:
            query([Conn()])
        message = caught.message
        first, _, rest = message.partition("\n\n")
        assert first == "'Conn' object has no attribute 'port'", message
        for part in ("`by_port()`", "AttributeError", label, "<locals>.Conn`", "argument 'conns' of", "(at `conns[0]`)", "Conn('db')"):
            assert part in rest, (part, message)


def test_a_validate_answering_with_an_awaitable_fails_the_call_and_drops_the_entry():
    async def alive():
        return False

    released = []

    @cache_resource(validate=lambda conn: alive(), on_release=released.append)
    def connect(url):
        return [url]

    first = connect("db")
    with raises(TypeError, "an awaitable answer must fail the call") as caught:
        connect("db")
    assert "validate" in caught.message and "awaitable" in caught.message, caught.message
    assert released == [first]
    assert connect("db") is not first


def test_async_validate_and_on_release_are_refused():
    async def check(v):
        return True

    for option in ("validate", "on_release"):
        with raises(TypeError, f"an async {option} must be refused") as caught:
            cache_resource(lambda: 1, **{option: check})
        assert option in caught.message and "async" in caught.message


def test_background_refresh_needs_a_ttl_above_zero():
    import datetime as dt

    for ttl in (0, 0.0, dt.timedelta(0)):
        with raises(ValueError, f"ttl={ttl!r} with background refresh must be refused") as caught:
            cache_resource(lambda: 1, ttl=ttl, refresh_mode="background")
        assert "ttl" in caught.message


def test_async_functions_refuse_background_refresh_and_async_generators():
    from cache_resource import cache_data

    async def load():
        return 42

    async def stream():
        yield 42

    for decorator in (cache_resource, cache_data):
        with raises(TypeError, "an async generator function must be refused when decorating") as caught:
            decorator(stream)
        assert "async generator" in caught.message and "stream" in caught.message, caught.message
    with raises(ValueError, "background refresh of an async def must be refused") as caught:
        cache_resource(load, ttl=60, refresh_mode="background")
    assert "background" in caught.message and "async def" in caught.message and '"foreground"' in caught.message, caught.message


async def test_a_synchronous_function_returning_an_awaitable_is_an_error_and_caches_nothing():
    import inspect

    from cache_resource import CachedFunctionReturnedAwaitableError, cache_data

    async def operation(n):
        await asyncio.sleep(0)
        return n

    class Later:
        def __await__(self):
            yield
            return 42

    started = operation(0)
    started.send(None)
    loop = asyncio.get_running_loop()
    for decorator, label in ((cache_resource, "cache_resource"), (cache_data, "cache_data")):
        made = []
        for kind in ("coroutine", "started", "future", "task", "custom"):

            def make(kind=kind):
                value = {
                    "coroutine": lambda: operation(1), "started": lambda: started, "future": loop.create_future,
                    "task": lambda: asyncio.ensure_future(operation(2)), "custom": Later,
                }[kind]()
                made.append(value)
                return value

            load = decorator(make)
            for _ in range(2):
                with raises(CachedFunctionReturnedAwaitableError, f"{label}: a {kind} returned by a plain function must be refused") as caught:
                    load()
                assert isinstance(caught.error, TypeError)
                text = caught.message
                assert "synchronous function" in text and "returned an awaitable" in text, text
                assert f"`{label}`" in text and "`async def`" in text and "`await`" in text, text
            assert load.stats()["entries"] == 0
        # Each call ran the function, and nothing was kept: a coroutine nobody started is
        # closed (no "never awaited" warning); everything else is left as it was.
        assert len(made) == 10
        coroutines = [made[0], made[1]]
        assert all(inspect.getcoroutinestate(c) == inspect.CORO_CLOSED for c in coroutines)
        assert inspect.getcoroutinestate(started) == inspect.CORO_SUSPENDED
        futures, tasks = made[4:6], made[6:8]
        assert not any(f.done() for f in futures)
        for i, f in enumerate(futures):
            f.set_result(i)
        assert await asyncio.gather(*futures, *tasks) == [0, 1, 2, 2]
    started.close()


async def test_a_javascript_promise_returned_by_a_plain_function_is_refused_as_python_awaitables_are():
    import js

    from cache_resource import CachedFunctionReturnedAwaitableError

    calls = []

    @cache_resource
    def model(name):
        calls.append(name)
        return js.Promise.resolve(f"model {name}")

    @cache_resource
    async def awaited(name):
        calls.append(name)
        return await js.Promise.resolve(f"model {name}")

    for _ in range(2):
        with raises(CachedFunctionReturnedAwaitableError, "a promise from a plain function must be refused") as caught:
            model("a")
        assert "`async def`" in caught.message, caught.message
    # What the message asks for: the awaited value is cached.
    assert await awaited("b") == await awaited("b") == "model b"
    assert calls == ["a", "a", "b"]


async def test_a_clear_while_an_async_call_runs_gives_its_caller_its_value_and_its_waiters_a_new_one():
    from cache_resource import cache_data

    for decorator in (cache_resource, cache_data):
        started = asyncio.Event()
        go_on = asyncio.Event()
        calls = []

        @decorator
        async def load(key):
            calls.append(key)
            run = len(calls)
            if run == 1:
                started.set()
                await go_on.wait()
            return f"{key} #{run}"

        owner = asyncio.create_task(load("a"))
        await started.wait()
        waiter = asyncio.create_task(load("a"))
        other = asyncio.create_task(load("b"))
        await asyncio.sleep(0.01)
        load.clear("a")
        go_on.set()
        # The caller whose call ran gets what it computed; the waiter, whose entry was
        # cleared before it resumed, computes anew, and later callers share that.
        assert await owner == "a #1"
        assert await waiter == "a #3"
        assert await load("a") == "a #3"
        assert await other == "b #2" and await load("b") == "b #2"
        assert calls == ["a", "b", "a"]


async def test_a_value_cleared_while_it_was_computed_stays_live_for_its_caller():
    started = asyncio.Event()
    go_on = asyncio.Event()
    released = []

    @cache_resource(on_release=released.append, max_entries=1)
    async def connect(url):
        if url == "slow":
            started.set()
            await go_on.wait()
        return {"url": url}

    slow = asyncio.create_task(connect("slow"))
    await started.wait()
    connect.clear()
    evicted = asyncio.create_task(connect("evicted"))
    await asyncio.sleep(0)
    fast = await connect("fast")  # evicts "evicted" once that one is stored
    go_on.set()
    conn = await slow
    assert conn == {"url": "slow"}
    await asyncio.sleep(0.01)
    # Cleared in flight, it never was the entry's: the caller that computed it owns it.
    assert released == [], released
    await evicted
    connect.clear()
    # Only the entry that was stored settled is released; one evicted in flight is not.
    assert released == [fast], released


def test_a_bad_ttl_string_is_a_python_error_in_python_terms():
    for text, why in (("soon", "none of the forms"), ("30", 'write "30s"'), ("1 fortnight", '"fortnight" is not a unit')):
        with raises(ValueError, f"ttl={text!r} must be refused") as caught:
            cache_resource(lambda: 1, ttl=text)
        message = caught.message
        assert why in message and "datetime.timedelta" in message and "{hours" not in message, message


async def test_sessions_from_python():
    import asyncio
    from cache_resource import Session

    released = []

    @cache_resource(scope="session", on_release=released.append)
    def connection(user):
        return {"user": user}

    with raises(RuntimeError, "a session-scoped call outside a session must say where to call it") as caught:
        connection("ann")
    assert "with cache_resource.session" in caught.message, caught.message

    app_a, app_b = cache_resource.session("app A"), cache_resource.session("app B")
    assert isinstance(app_a, Session) and app_a.name == "app A"
    with app_a:
        a = connection("ann")
        assert connection("ann") is a
        await asyncio.sleep(0)  # the session holds across an await
        assert connection("ann") is a
    with app_b:
        assert connection("ann") is not a, "each session has its own entries"
    with app_a:
        assert connection("ann") is a, "entering again finds them"
    app_a.close()
    assert released == [a] and app_a.closed
    with raises(RuntimeError, "a closed session cannot be entered"):
        with app_a:
            pass
    app_b.close()


def test_arrays_are_keyed_by_type_and_bytes():
    import array

    @cache_resource
    def load(a):
        return object()

    assert load(array.array("d", [1.0, 2.0])) is load(array.array("d", [1.0, 2.0]))
    assert load(array.array("d", [1.0, 2.0])) is not load(array.array("d", [1.0, 3.0]))
    assert load(array.array("i", [1, 2])) is not load(array.array("l", [1, 2])), "the typecode is part of the key"


async def test_a_cancelled_computation_is_started_again_for_its_waiters():
    runs = []

    @cache_resource
    async def slow(x):
        runs.append(x)
        await asyncio.sleep(0.1)
        return {"x": x}

    first = asyncio.ensure_future(slow(1))
    await asyncio.sleep(0.01)
    waiter = asyncio.ensure_future(slow(1))
    await asyncio.sleep(0.01)
    # Cancel the shared computation itself, not a caller.
    for task in asyncio.all_tasks():
        if task not in (first, waiter, asyncio.current_task()):
            task.cancel()
    results = await asyncio.wait_for(asyncio.gather(first, waiter), 2)
    assert results[0] is results[1] and results[0] == {"x": 1}
    assert runs == [1, 1], runs

    # A cancelled waiter stays cancelled, and the computation goes on for the others.
    owner = asyncio.ensure_future(slow(2))
    await asyncio.sleep(0.01)
    quitter = asyncio.ensure_future(slow(2))
    stayer = asyncio.ensure_future(slow(2))
    await asyncio.sleep(0.01)
    quitter.cancel()
    assert (await asyncio.wait_for(asyncio.gather(owner, stayer), 2)) == [{"x": 2}, {"x": 2}]
    assert quitter.cancelled()
    assert runs == [1, 1, 2], runs


async def test_a_cancelled_caller_that_started_the_computation_takes_it_down_and_a_waiter_starts_it_again():
    # As in Streamlit, where the computation runs in the task of the caller that started
    # it: here it would otherwise wait forever.
    runs = []
    started = asyncio.Event()
    never = asyncio.Event()

    @cache_resource
    async def load():
        runs.append(1)
        if len(runs) == 1:
            started.set()
            await never.wait()
        return 42

    owner = asyncio.ensure_future(load())
    await started.wait()
    waiter = asyncio.ensure_future(load())
    await asyncio.sleep(0.01)
    owner.cancel()
    with raises(asyncio.CancelledError):
        await owner
    assert (await asyncio.wait_for(waiter, 2)) == 42
    assert runs == [1, 1], runs
    assert (await load()) == 42 and runs == [1, 1]


async def test_cache_data_keeps_an_async_value_whose_javascript_argument_changed_while_it_ran():
    import js

    from cache_resource import cache_data

    started = asyncio.Event()
    go_on = asyncio.Event()
    runs = []

    @cache_data
    async def load(options):
        runs.append(options.a)
        started.set()
        await go_on.wait()
        return [len(runs)]

    options = js.eval("({a: 1})")
    owner = asyncio.ensure_future(load(options))
    await started.wait()
    options.a = 2  # keyed as {a: 1} when called
    go_on.set()
    assert await asyncio.wait_for(owner, 2) == [1]
    options.a = 1
    assert await asyncio.wait_for(load(options), 2) == [1] and runs == [1], runs


async def test_cache_data_cleared_while_it_ran_gives_its_caller_the_value_unpickled():
    from cache_resource import UnserializableReturnValueError, cache_data

    started = asyncio.Event()
    go_on = asyncio.Event()

    @cache_data
    async def make_handler():
        started.set()
        await go_on.wait()
        return lambda: 42  # not picklable: fine, since it is never kept

    owner = asyncio.ensure_future(make_handler())
    await started.wait()
    make_handler.clear()
    go_on.set()
    assert (await owner)() == 42
    go_on.clear()
    later = asyncio.ensure_future(make_handler())
    await asyncio.sleep(0.01)
    go_on.set()
    # Kept this time, so it must pickle, as in Streamlit.
    with raises(UnserializableReturnValueError):
        await later


def test_javascripts_stack_running_out_in_a_nested_call_is_a_recursion_error_and_leaves_the_cache_usable():
    # Cached calls nested in cached calls each pass through JavaScript, whose stack may
    # run out before Python's recursion limit (in Node, about 90 levels deep).
    from pyodide.code import run_js

    overflow = run_js("() => { throw new RangeError('Maximum call stack size exceeded'); }")

    @cache_resource
    def down(k):
        if k == 0:
            overflow()
        return down(k - 1) + 1

    with raises(RecursionError) as caught:
        down(5)
    assert "down()" in caught.message and "call stack" in caught.message

    @cache_resource
    def count(k):
        return 0 if k == 0 else count(k - 1) + 1

    assert count(20) == 20 and count(20) is count(20)


def test_nested_cached_calls_compute_with_their_own_arguments():
    @cache_resource
    def inner(x):
        return ("inner", x)

    @cache_resource
    def outer(x):
        # A cached call inside the computation of another, before and after its own work.
        first = inner(x + 1)
        return ("outer", x, first, inner(x + 2))

    assert outer(1) == ("outer", 1, ("inner", 2), ("inner", 3))
    assert outer(1) is outer(1)
    assert inner(2) is outer(1)[2]
    assert outer(5) == ("outer", 5, ("inner", 6), ("inner", 7))


def test_a_hit_keeps_its_value_when_a_listener_clears_the_entry():
    from pyodide.code import run_js

    released = []

    @cache_resource(on_release=released.append)
    def load(x):
        return ["value", x]

    from _test_js import cacheResource

    first = load(1)
    stop = run_js("""(cr) => cr.subscribe((e) => e.type === "hit" && cr.clear())""")(cacheResource)
    try:
        again = load(1)  # a hit, cleared by the listener before the value reaches Python
    finally:
        stop()
    assert again is first
    assert released == [first]
    assert load(1) is not first


def test_short_and_long_keys_and_remembered_records_agree():
    @cache_resource
    def f(*parts):
        return object()

    short = f("a", 1)
    long = f("x" * 200, 10**30, 2.5, b"\x00", None, True)  # past the length sent as text
    assert f("a", 1) is short
    assert f("x" * 200, 10**30, 2.5, b"\x00", None, True) is long
    assert f("a", 2) is not short
    # Records are remembered by value: an equal string built anew is the same key, and
    # True, 1 and 1.0 stay three keys.
    assert f("".join(["a"]), 1) is short
    assert len({id(f(True)), id(f(1)), id(f(1.0))}) == 3


def test_cache_data_gives_every_caller_its_own_copy():
    from cache_resource import cache_data

    runs = Counter()

    @cache_data
    def load(query, _conn=None):
        runs(query)
        return {"query": query, "rows": [[1, "a"], [2, "b"]], "when": datetime.date(2026, 1, 1)}

    first = load("q", _conn=object())
    first["rows"].append([3, "c"])
    second = load("q")
    assert second == {"query": "q", "rows": [[1, "a"], [2, "b"]], "when": datetime.date(2026, 1, 1)}
    assert second is not first and second["rows"] is not first["rows"]
    assert len(runs.calls) == 1
    assert load.stats()["hits"] == 1


def test_cache_data_refuses_what_pickle_cannot_keep():
    from cache_resource import cache_data, UnserializableReturnValueError

    runs = Counter()

    @cache_data
    def handle():
        runs()
        return threading.Lock()

    for _ in range(2):
        with raises(UnserializableReturnValueError) as caught:
            handle()
        assert isinstance(caught.error, TypeError)
        assert "handle" in caught.message and "lock" in caught.message, caught.message
    assert len(runs.calls) == 2, "nothing was kept"


async def test_cache_data_async_callers_share_a_call_and_get_their_own_copies():
    from cache_resource import cache_data

    runs = Counter()

    @cache_data
    async def fetch(n):
        runs(n)
        await asyncio.sleep(0.01)
        return list(range(n))

    a, b = await asyncio.gather(fetch(3), fetch(3))
    assert a == b == [0, 1, 2] and a is not b
    assert len(runs.calls) == 1


def test_cache_data_and_cache_resource_clear_their_own_kind():
    from cache_resource import cache_data

    data_runs, resource_runs = Counter(), Counter()

    @cache_data
    def data(x):
        return data_runs(x) and [x]

    @cache_resource
    def resource(x):
        return resource_runs(x)

    data(1)
    kept = resource(1)
    cache_data.clear()
    assert resource(1) is kept, "a resource survives cache_data.clear()"
    data(1)
    assert len(data_runs.calls) == 2
    cache_resource.clear()
    data(1)
    assert len(data_runs.calls) == 2, "data survives cache_resource.clear()"


def test_cache_data_options_are_streamlits():
    from cache_resource import cache_data

    for bad in ("memory", 1.5):
        with raises(ValueError, f"persist={bad!r} accepted") as caught:
            cache_data(lambda: 1, persist=bad)
        assert 'persist must be "disk"' in caught.message, caught.message
    cache_data(lambda: 1, persist=False)

    # Persisted (in memory where there is no IndexedDB), the copies are the same.
    @cache_data(persist="disk")
    def rows(n):
        return [[i] for i in range(n)]

    mine = rows(2)
    mine[0].append("mutated")
    assert rows(2) == [[0], [1]]
    with raises(TypeError, "validate accepted by cache_data"):
        cache_data(lambda: 1, validate=lambda v: True)


# A seeded differential test: random nested values, each built twice in a random insertion
# order, and their reference keys, written here without the hasher: a type-tagged text in
# which dicts and sets are sorted and everything else keeps its order. Two calls must share
# an entry exactly when their reference keys are equal. Built values are read back for the
# reference, since a dict or set folds equal members (1, 1.0 and True; 0.0 and -0.0) into
# whichever came first.
FUZZ_LEAVES = [
    0, 1, -1, 2**64, -(2**70), True, False, 0.0, -0.0, 1.0, 2.5, float("inf"), float("-inf"),
    "", "a", "1", "é", "\ud800", "日本", "x" * 70, b"", b"a", b"1", None, 1 + 2j,
    decimal.Decimal("1.0"), decimal.Decimal("1.00"), Color.RED, Color.GREEN,
    datetime.date(2026, 1, 1), datetime.timedelta(seconds=1),
]
FUZZ_KEYS = [0, 1, True, 1.0, -0.0, 0.0, "a", "b", "", None, (1, "a"), b"a", Color.RED]


def fuzz_spec(rng, depth):
    """What a value is: a leaf's index, or a container kind and its parts."""
    if depth == 0 or rng.random() < 0.35:
        return ("leaf", rng.randrange(len(FUZZ_LEAVES)) if rng.random() < 0.9 else "nan")
    kind = rng.choice(["list", "tuple", "dict", "odict", "set", "frozenset", "pair", "point", "plain"])
    n = rng.randrange(4)
    if kind in ("dict", "odict"):
        return (kind, [(rng.randrange(len(FUZZ_KEYS)), fuzz_spec(rng, depth - 1)) for _ in range(n)])
    if kind in ("set", "frozenset"):
        return (kind, [rng.randrange(len(FUZZ_KEYS)) for _ in range(n)])
    if kind in ("pair", "point", "plain"):
        return (kind, [fuzz_spec(rng, depth - 1) for _ in range(2)])
    return (kind, [fuzz_spec(rng, depth - 1) for _ in range(n)])


def fuzz_build(spec, rng):
    """A new value of `spec`; dicts and sets get their members in a random order."""
    kind, parts = spec
    if kind == "leaf":
        return float("nan") if parts == "nan" else FUZZ_LEAVES[parts]
    shuffled = lambda xs: rng.sample(xs, len(xs))
    if kind == "dict":
        return {FUZZ_KEYS[k]: fuzz_build(v, rng) for k, v in shuffled(parts)}
    if kind == "odict":
        return collections.OrderedDict((FUZZ_KEYS[k], fuzz_build(v, rng)) for k, v in parts)
    if kind in ("set", "frozenset"):
        members = [FUZZ_KEYS[k] for k in shuffled(parts)]
        return set(members) if kind == "set" else frozenset(members)
    built = [fuzz_build(p, rng) for p in parts]
    if kind == "list":
        return built
    if kind == "tuple":
        return tuple(built)
    return {"pair": Pair, "point": Point, "plain": Plain}[kind](*built)


def reference_key(v):
    """The key `v` must have, as text: its type, then its value or its parts."""
    t = type(v)
    if t is float:
        return "float:nan" if v != v else f"float:{'-' if math.copysign(1, v) < 0 else ''}{abs(v)!r}"
    if t in (list, tuple, Pair):
        return f"{t.__name__}[{','.join(reference_key(x) for x in v)}]"
    if t is dict:
        return "dict{" + ",".join(sorted(f"{reference_key(k)}:{reference_key(x)}" for k, x in v.items())) + "}"
    if t is collections.OrderedDict:
        return "odict[" + ",".join(f"{reference_key(k)}:{reference_key(x)}" for k, x in v.items()) + "]"
    if t in (set, frozenset):
        return f"{t.__name__}{{" + ",".join(sorted(reference_key(x) for x in v)) + "}"
    if t in (Point, Plain):
        return f"{t.__name__}({reference_key(v.__dict__)})"
    return f"{t.__name__}:{v!r}"


def test_random_values_share_an_entry_exactly_when_their_reference_keys_are_equal():
    import random

    @cache_resource
    def probe(*args):
        return object()

    def check(seed, seen, args):
        """Calls probe(*args): the entry of an equal reference key met before, else a new one."""
        key = ",".join(reference_key(a) for a in args)
        got = probe(*args)
        if key in seen:
            assert got is seen[key], f"seed {seed}: {args!r} missed its entry ({key})"
        else:
            assert all(got is not other for other in seen.values()), f"seed {seed}: {args!r} ({key}) hit another value's entry"
            seen[key] = got

    for seed in range(40):
        rng = random.Random(seed)
        probe.clear()
        seen = {}  # reference key -> the value the cache returned for it
        specs = []
        for _ in range(150):
            # Mostly fresh specs; one in four a spec met before, built again.
            spec = rng.choice(specs) if specs and rng.random() < 0.25 else fuzz_spec(rng, 3)
            specs.append(spec)
            value = fuzz_build(spec, rng)
            args = (value,) if rng.random() < 0.7 else (value, fuzz_build(spec, rng))
            check(seed, seen, args)
            # The same object changed in place is another key: nothing is kept by identity.
            if isinstance(value, (list, dict)) and rng.random() < 0.3:
                leaf = rng.choice(FUZZ_LEAVES)
                if isinstance(value, list):
                    value.append(leaf)
                else:
                    value[rng.choice(FUZZ_KEYS)] = leaf
                again = value
            else:
                again = fuzz_build(spec, rng)
            check(seed, seen, (again,) + args[1:])


def test_random_calls_clears_and_broken_values_under_max_entries_answer_as_a_model_of_the_rules():
    """Seeded steps against caches with each max_entries, with and without validate, called
    positionally and by keyword: a hit is the stored value, the least recently used entry
    goes first, every value is released once and only after it left, and the counters are
    the model's."""
    import random

    class Value:
        def __init__(self, made):
            self.made = made
            self.broken = False

    forms = [
        lambda f, k: f(k),
        lambda f, k: f(x=k),
        lambda f, k: f(k, {"b": 2, "a": [k, None]}),
        lambda f, k: f(k, y={"a": [k, None], "b": 2}),
    ]
    clears = [lambda f, k: f.clear(k), lambda f, k: f.clear(x=k)]

    for seed in range(24):
        rng = random.Random(seed)
        bound = [None, 1, 2, 4][seed % 4]
        validating = seed % 8 >= 4
        made = []
        released = []

        def make(x, y=None):
            made.append(Value(len(made) + 1))
            return made[-1]

        options = {"max_entries": bound, "on_release": released.append}
        if validating:
            options["validate"] = lambda v: not v.broken
        f = cache_resource(**options)(make)
        # Equal code shares a cache: each seed counts from what the last one left.
        f.clear()
        base = f.stats()
        # (form // 2, k) -> value, least recently used first: forms 0 and 1 call with one
        # key, forms 2 and 3 with another.
        model = {}
        gone = []
        counts = {"hits": 0, "misses": 0, "evicted": 0, "cleared": 0, "invalidated": 0}
        where = f"seed {seed}, max_entries {bound}, validate {validating}"

        def leave(key, reason):
            gone.append(model.pop(key))
            counts[reason] += 1

        for step in range(400):
            k = rng.randrange(5)
            form = rng.randrange(4)
            key = (form // 2, k)
            r = rng.random()
            if r < 0.06:
                if form < 2:  # clear(k) addresses the one-argument entry only
                    rng.choice(clears)(f, k)
                    if key in model:
                        leave(key, "cleared")
            elif r < 0.08:
                f.clear()
                for each in list(model):
                    leave(each, "cleared")
            elif r < 0.14 and validating:
                if key in model:
                    model[key].broken = True
                continue
            else:
                before = len(made)
                got = forms[form](f, k)
                kept = model.get(key)
                if kept is not None and not kept.broken:
                    assert got is kept, f"{where}, step {step}: expected value {kept.made}, got {got.made}"
                    model[key] = model.pop(key)
                    counts["hits"] += 1
                else:
                    assert len(made) == before + 1 and got is made[-1], f"{where}, step {step}: the function must run"
                    if kept is not None:
                        leave(key, "invalidated")
                    counts["misses"] += 1
                    model[key] = got
                    if bound is not None and len(model) > bound:
                        leave(next(iter(model)), "evicted")
            # A clear of everything releases in the cache's own order: compared as sets.
            assert sorted(v.made for v in released) == sorted(v.made for v in gone) and len(set(map(id, released))) == len(released), (
                f"{where}, step {step}: released {[v.made for v in released]}, the model says {[v.made for v in gone]}"
            )
        stats = f.stats()
        got = {name: stats[name] - base[name] for name in counts}
        assert got == counts, f"{where}: stats {got}, the model {counts}"
        assert stats["entries"] == len(model), f"{where}: {stats['entries']} entries, the model {len(model)}"
        f.clear()


async def test_async_calls_settles_and_clears_in_random_order_answer_as_a_model_of_the_rules():
    """Seeded steps against an async function whose computations the test settles at
    random: callers start, computations resolve or raise, entries are cleared. The model:
    a caller with a finished entry gets its value; one with a running entry waits on it;
    one with none starts a computation and gets what it computes, even if the entry is
    cleared meanwhile (its own then, never released). A raise reaches the starter and the
    waiters and caches nothing; a value whose entry left while it ran sends its waiters to
    start again. Every value that was an entry's is released once, when it leaves."""
    import random

    class Boom(Exception):
        pass

    class Value:
        def __init__(self, made, key):
            self.made, self.key = made, key

    async def settle_loop():
        for _ in range(6):
            await asyncio.sleep(0)

    async def outcome_of(call):
        # A task that fails before anyone awaits it is reported by Pyodide's event loop.
        try:
            return await call
        except Boom as e:
            return e

    numbers = itertools.count(1)
    for seed in range(12):
        rng = random.Random(seed)
        bound = [None, 1, 2][seed % 3]
        computations = []  # each: {"key", "future", "outcome"}
        released = []

        async def load(k):
            c = {"key": k, "future": asyncio.get_running_loop().create_future(), "outcome": None}
            computations.append(c)
            return await c["future"]

        f = cache_resource(max_entries=bound, on_release=released.append)(load)
        f.clear()
        where = f"seed {seed}, max_entries {bound}"
        # key -> ["running", computation] or ["done", value], least recently used first.
        model = {}
        # The callers: each {"key", "task", "expect", "starter", "since"}: "expect" is the
        # finished entry's Value it gets, or the computation whose outcome it gets (as its
        # starter or a waiter); "since" orders the waiters of one computation.
        callers = []
        gone = []  # values that were an entry's and left

        def leave(k):
            state, what = model.pop(k)
            if state == "done":
                gone.append(what)

        def store(k, c):
            """Computation `c` is `k`'s entry now: the least recently used goes past the bound."""
            model[k] = ["running", c]
            if bound is not None and len(model) > bound:
                leave(next(iter(model)))

        async def settle(c, outcome):
            """Ends computation `c` with `outcome` (a Value, or a Boom it raises), and lets
            the callers run."""
            started = len(computations)
            c["outcome"] = outcome
            kept = model.get(c["key"]) == ["running", c]
            if isinstance(outcome, Boom):
                c["future"].set_exception(outcome)
                if kept:
                    del model[c["key"]]
            else:
                c["future"].set_result(outcome)
                if kept:
                    model[c["key"]][:] = ["done", outcome]
            again = []
            if not kept and isinstance(outcome, Value):
                # Its entry left while it ran: its waiters look again, in the order they
                # began to wait on it (a raise reaches them as it is). Where the key has an
                # entry, they take it, and it becomes the most recently used; where it has
                # none, the first starts the computation again and the others wait on it.
                again = sorted((x for x in callers if x["expect"] is c and not x["starter"]), key=lambda x: x["since"])
                for caller in again:
                    caller["since"] = next(numbers)
                if again and c["key"] in model:
                    model[c["key"]] = model.pop(c["key"])
                    for caller in again:
                        caller["expect"] = model[c["key"]][1]
                    again = []
            await settle_loop()
            fresh = computations[started:]
            assert len(fresh) == (1 if again else 0), f"{where}: {len(fresh)} computations started again for {len(again)} waiters"
            if again:
                store(c["key"], fresh[0])
                again[0]["starter"] = True
                for caller in again:
                    caller["expect"] = fresh[0]

        for step in range(300):
            r = rng.random()
            k = rng.randrange(4)
            if r < 0.45:
                # A hit (on a finished or a running entry) makes it the most recently used.
                if k in model:
                    model[k] = model.pop(k)
                expect = model[k][1] if k in model else None
                before = len(computations)
                task = asyncio.ensure_future(outcome_of(f(k)))
                await settle_loop()
                starter = expect is None
                if starter:
                    assert len(computations) == before + 1, f"{where}, step {step}: a call of no entry must start a computation"
                    expect = computations[-1]
                    store(k, expect)
                callers.append({"key": k, "task": task, "expect": expect, "starter": starter, "since": next(numbers)})
            elif r < 0.8:
                running = [c for c in computations if c["outcome"] is None]
                if not running:
                    continue
                c = rng.choice(running)
                await settle(c, Boom(c["key"]) if rng.random() < 0.25 else Value(next(numbers), c["key"]))
            elif r < 0.9:
                f.clear(k)
                if k in model:
                    leave(k)
                await settle_loop()
            elif r < 0.94:
                f.clear()
                for each in list(model):
                    leave(each)
                await settle_loop()
            assert len(released) == len(set(map(id, released))), f"{where}, step {step}: a value released twice"
            assert all(isinstance(v, Value) for v in released), f"{where}, step {step}: released {released[-1]!r}"
            # A clear of everything releases in the cache's own order: compared as sets.
            assert sorted(v.made for v in released) == sorted(v.made for v in gone), (
                f"{where}, step {step}: released {[v.made for v in released]}, the model says {[v.made for v in gone]}"
            )

        # Settle everything, one at a time, waiters' new computations included.
        for _ in range(1000):
            running = [c for c in computations if c["outcome"] is None]
            if not running:
                break
            await settle(running[0], Value(next(numbers), running[0]["key"]))
        for i, caller in enumerate(callers):
            task, expect, k = caller["task"], caller["expect"], caller["key"]
            assert task.done(), f"{where}: caller {i} of key {k} never finished"
            outcome = task.result()
            if isinstance(expect, Value):
                assert outcome is expect, f"{where}: caller {i} of key {k} got {outcome!r}, not the finished entry"
            else:
                assert outcome is expect["outcome"], f"{where}: caller {i} of key {k} got {outcome!r}, not its computation's outcome"
        f.clear()
        for each in list(model):
            leave(each)
        assert len(released) == len(set(map(id, released))), f"{where}: a value released twice"
        assert sorted(v.made for v in released) == sorted(v.made for v in gone), f"{where}: after clear(), released {len(released)} values, the model {len(gone)}"


def test_cache_data_max_size_answers_as_a_model_of_the_rules():
    """Seeded calls and clears against cache_data with a max_size: an entry is its value's
    pickle; past the limit the least recently used go, never the one just used; a hit makes
    its entry the most recently used. Which calls compute must be the model's."""
    import pickle
    import random
    import warnings

    from cache_resource import cache_data

    for seed in range(16):
        rng = random.Random(seed)
        limit = rng.choice([1500, 3000, 6000])
        sizes = [rng.randrange(100, 2000) for _ in range(6)]
        runs = []

        def blob(k, salt):
            runs.append(k)
            return bytes([k]) * sizes[k] + salt.encode()

        f = cache_data(max_size=limit)(blob)
        f.clear()
        model = collections.OrderedDict()  # key -> pickle size, least recently used first
        where = f"seed {seed}, max_size {limit}"
        for step in range(300):
            k = rng.randrange(6)
            r = rng.random()
            if r < 0.08:
                f.clear(k, "s")
                model.pop(k, None)
                continue
            if r < 0.1:
                f.clear()
                model.clear()
                continue
            before = len(runs)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an entry past the limit is kept alone, with a warning
                got = f(k, "s")
            assert got == bytes([k]) * sizes[k] + b"s", f"{where}, step {step}: key {k} got another value"
            if k in model:
                assert len(runs) == before, f"{where}, step {step}: key {k} was kept, yet computed again"
                model.move_to_end(k)
            else:
                assert runs[before:] == [k], f"{where}, step {step}: key {k} was not kept, yet not computed"
                model[k] = len(pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL))
                while sum(model.values()) > limit and len(model) > 1:
                    model.popitem(last=False)
            assert f.stats()["entries"] == len(model), f"{where}, step {step}: {f.stats()['entries']} entries, the model {len(model)}"
        f.clear()
