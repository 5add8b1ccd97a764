"""Streamlit's ``st.cache_resource`` and ``st.cache_data`` for Python running in Pyodide.

Keys are computed here, in Python, from the function and its arguments bound to its
signature. Everything else (ttl and its timer, max_entries, validate, stats, clearing,
the spinner) is the cache-resource registry of the page, shared with JavaScript: a
global clear from either side empties both kinds' caches of that kind. Values stay
Python objects; JavaScript only holds numbers or proxies that name them, dropped when the
registry releases the entry. ``cache_data`` keeps a pickle of each result and gives
every caller its own unpickled copy.

Installed by ``installCacheResource(pyodide)`` from ``cache-resource/pyodide``::

    from cache_resource import cache_data, cache_resource

    @cache_resource(ttl="1h", max_entries=4)
    def load_model(name):
        ...
"""

import array
import asyncio
import collections
import contextvars
import dataclasses
import datetime
import decimal
import enum
import fractions
import functools
import hashlib
import inspect
import io
import itertools
import marshal
import math
import operator
import os
import pathlib
import pickle
import re
import struct
import sys
import types
import uuid
import warnings
import weakref

from pyodide.ffi import JsException, JsProxy, create_proxy, to_js

try:
    import _cache_resource_js as _bridge
except ImportError:  # pragma: no cover - only outside installCacheResource
    raise ImportError(
        "cache_resource needs its JavaScript half: call installCacheResource(pyodide) "
        "from the 'cache-resource/pyodide' npm module before importing it."
    ) from None

__all__ = [
    "cache_resource", "cache_data", "Session", "UnhashableParamError", "HashFuncError", "UserHashError",
    "UnserializableReturnValueError", "CachedFunctionReturnedAwaitableError",
    "StreamlitAPIException", "StreamlitValueError", "StreamlitBadTimeStringError", "StreamlitAPITypeError",
]


class StreamlitAPIException(Exception):
    """A wrong use of the API, found when a function is decorated. Streamlit's names for
    these errors, so code ported from Streamlit catches what it caught there; each is
    also the built-in error it is, so ``except ValueError`` catches it too."""


class StreamlitValueError(StreamlitAPIException, ValueError):
    """An option's value is not one the option takes (Streamlit's name)."""


class StreamlitBadTimeStringError(StreamlitAPIException, ValueError):
    """A ttl string is no duration (Streamlit's name)."""


class StreamlitAPITypeError(StreamlitAPIException, TypeError):
    """A function or callback of a kind the decorator refuses (an async generator function,
    an async ``validate``): where Streamlit raises StreamlitAPIException, also a TypeError."""


class UnhashableParamError(TypeError):
    """An argument could not be hashed into a cache key."""

    def __init__(self, func_name, parameter, type_name, reason=None, where=""):
        bare = parameter.split("[")[0]
        super().__init__(
            f"Cannot hash argument '{parameter}' (of type `{type_name}`) in '{func_name}'"
            + (f": {reason}." if reason else ".")
            + (f" It is at `{parameter}{where}`." if where else "")
            + "\n\nTo address this, you can tell cache_resource not to hash this argument by "
            "adding a leading underscore to the argument's name in the function signature:\n\n"
            "    @cache_resource\n"
            f"    def {func_name.split('.')[-1]}(_{bare}, ...):\n"
            "        ...\n\n"
            f"or pass hash_funcs={{{type_name.split('.')[-1]}: ...}} to hash it another way."
        )
        self.func_name = func_name
        self.parameter = parameter
        self.type_name = type_name


class HashFuncError(TypeError):
    """A ``hash_funcs`` function raised while hashing an argument.

    As Streamlit's, the message opens with the hash function's own error, then says
    which hash function, for which decorated function and type, and shows the object.
    """

    def __init__(self, func_name, parameter, type_name, hash_func, cause, label="cache_resource", shown=None, where=""):
        name = getattr(hash_func, "__name__", None) or repr(hash_func)
        super().__init__(
            f"{str(cause) or type(cause).__name__}\n\n"
            f"The hash function `{name}()` raised {type(cause).__name__}: hash_funcs gave it to "
            f"@{label} for objects of type `{type_name}`, and it failed while hashing argument "
            f"'{parameter}' of '{func_name}'" + (f" (at `{parameter}{where}`)" if where else "")
            + ", which holds or is this object:\n\n"
            f"    {shown if shown is not None else type_name}\n\n"
            f"Make `{name}()` accept it, or give hash_funcs a function for another type on the "
            "way to it."
        )
        self.func_name = func_name
        self.parameter = parameter
        self.type_name = type_name
        self.hash_func = hash_func


# The name Streamlit's users catch for a raising hash function.
UserHashError = HashFuncError


class UnserializableReturnValueError(TypeError):
    """What a ``cache_data`` function returned cannot be pickled, so it cannot be kept
    as data (Streamlit's name)."""

    def __init__(self, func_name, value, cause):
        super().__init__(
            f"Cannot keep what {func_name}() returned (of type `{_type_name(type(value))}`) as data: pickling it "
            f"failed ({type(cause).__name__}: {cause}). cache_data keeps a pickle of the value and gives every "
            "caller its own copy; return a picklable value, or cache a shared object with cache_resource instead."
        )
        self.func_name = func_name


class CachedFunctionReturnedAwaitableError(TypeError):
    """A plain (synchronous) cached function returned an awaitable, which the cache
    cannot keep for a second caller: a coroutine is awaited once only (Streamlit's name)."""

    def __init__(self, label, func_name, value):
        super().__init__(
            f"{label}: {func_name}() is a synchronous function but returned an awaitable (of type "
            f"`{_type_name(type(value))}`), and nothing was cached. Define it with `async def` and `await` inside "
            f"it, so that `{label}` keeps the awaited result, not the awaitable."
        )
        self.func_name = func_name


def _not_awaitable(value, label, func_name):
    """`value`, which a synchronous function returned; an awaitable is refused, and a
    coroutine never started is closed, so it warns of nothing."""
    if not inspect.isawaitable(value):
        return value
    if inspect.iscoroutine(value) and inspect.getcoroutinestate(value) == inspect.CORO_CREATED:
        value.close()
    raise CachedFunctionReturnedAwaitableError(label, func_name, value)


def _pickled(value, func_name):
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as e:
        raise UnserializableReturnValueError(func_name, value, e) from e


class _WalkFailed(Exception):
    """The walk of an argument stopped at `value`: the errors below, for the caller to name."""

    def __init__(self, value):
        self.type_name = _type_name(type(value))
        self.value = value
        # The containers the walk was inside, innermost first (see _Key.enter), for _where.
        self.trail = []


class _Unhashable(_WalkFailed):
    def __init__(self, value, reason=None):
        super().__init__(value)
        self.reason = reason


class _HashFuncFailed(_WalkFailed):
    def __init__(self, value, hash_func, cause):
        super().__init__(value)
        self.hash_func = hash_func
        self.cause = cause
        try:
            shown = repr(value)
        except Exception:
            shown = f"<{self.type_name} object>"
        self.shown = shown if len(shown) <= 200 else shown[:197] + "..."


# id() -> (a weak reference, a serial): an object's identity as a number no later object
# gets, where id() is handed to a new object once the old one is gone (Streamlit keys a
# mock by id(), so a new mock may find a freed one's entry). Looked up by id, and checked
# against the object itself, so that a mock's own __eq__ or __hash__ play no part.
_serials = {}
_next_serial = itertools.count(1)
_PROCESS = os.urandom(8)


def _identity_serial(v):
    key = id(v)
    entry = _serials.get(key)
    if entry is not None and entry[0]() is v:
        return entry[1]
    serial = next(_next_serial)

    def gone(_ref):
        if _serials.get(key, (None, 0))[1] == serial:
            del _serials[key]

    try:
        _serials[key] = (weakref.ref(v, gone), serial)
    except TypeError:
        raise _Unhashable(v, "it is told apart only by identity, and cannot be weakly referenced") from None
    return serial


def _type_name(t):
    module = getattr(t, "__module__", None)
    qualname = getattr(t, "__qualname__", t.__name__)
    return qualname if module in (None, "builtins") else f"{module}.{qualname}"


_DATETIMES = (datetime.datetime, datetime.date, datetime.time)
_BY_TEXT = (decimal.Decimal, fractions.Fraction, uuid.UUID, pathlib.PurePath)
_BASES = (str, bytes, int, float, complex, set, frozenset)
_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class defined in Python, not in C
_BUILTIN = type(len)  # also builtin methods bound to an object, like "".join
_DESCRIPTORS = (type(str.join), type(str.__add__), types.GetSetDescriptorType, types.MemberDescriptorType)
# C types whose pickle form (__reduce__) is their whole value, which Streamlit hashes by it.
_BY_REDUCE = (operator.itemgetter, operator.attrgetter, operator.methodcaller, types.GenericAlias)
try:
    # Python 3.14's t-strings: their == is identity, but they pickle as their strings and
    # interpolated values, and Streamlit hashes them so.
    from string.templatelib import Interpolation, Template

    _BY_REDUCE += (Template, Interpolation)
except ImportError:
    pass
_DICT_VIEWS = (type({}.keys()), type({}.items()))
_EMPTY_CELL = object()


def _size(n):
    return n.to_bytes(4, "little") if n < 0xFFFFFFFF else b"\xff\xff\xff\xff" + n.to_bytes(8, "little")


# The records of short strings and small ints met so far: a walk meets the same names and
# values call after call, and one lookup costs a third of encoding them again.
_str_records = {}
_int_records = {}
_MAX_RECORDS = 4096


def _record(tag, data):
    n = len(data)
    return tag + (n.to_bytes(4, "little") if n < 0xFFFFFFFF else _size(n)) + data


def _remembered(table, key, value, limit=1024):
    """`value`, stored under `key` in `table`, a memo bounded by emptying it when it holds
    `limit` entries."""
    if len(table) >= limit:
        table.clear()
    table[key] = value
    return value


def _str_record(v):
    return _record(b"s", v.encode("utf-8", "surrogatepass"))


def _int_record(v):
    return _record(b"i", v.to_bytes((v.bit_length() + 8) // 8, "little", signed=True))


def _primitive(buf, v):
    """Writes v's record and returns True when v is None, a bool, int, float, str or
    bytes; returns False, writing nothing, for anything else. The walk's commonest step,
    as one plain function."""
    t = type(v)
    if t is str:
        rec = _str_records.get(v)
        if rec is None:
            rec = _str_record(v) if len(v) > 64 else _remembered(_str_records, v, _str_record(v), _MAX_RECORDS)
        buf += rec
        return True
    if t is int:
        rec = _int_records.get(v)
        if rec is None:
            rec = _int_record(v) if v.bit_length() > 64 else _remembered(_int_records, v, _int_record(v), _MAX_RECORDS)
        buf += rec
        return True
    if v is None:
        buf += b"N\0\0\0\0"
    elif t is bool:
        buf += b"T\0\0\0\0" if v else b"F\0\0\0\0"
    elif t is float:
        # -0.0 and 0.0 differ (1 / x tells them apart); every NaN is the same NaN.
        buf += _record(b"f", b"nan" if v != v else struct.pack("<d", v))
    elif t is bytes:
        buf += _record(b"b", v)
    else:
        return False
    return True


def _primitives_stream(plan, args):
    """The stream _Key writes for a call whose kept arguments are all primitives (see
    _primitive), without a _Key: the commonest call, at a third of the cost. None when one
    is anything else. `plan`: (the parameter's `=` record, its index)."""
    buf = bytearray()
    for record, i in plan:
        buf += record
        if not _primitive(buf, args[i]):
            return None
    return buf


# A stream up to this long goes to JavaScript as it is, one byte per character, and is
# hashed there with the rest of the key: cheaper than a digest here (a third of a small
# hit). A longer one goes as its digest, so no entry keeps a long string alive. The two
# never meet: a stream starts with "=" (or is empty), and a digest is hex.
_STREAM_AS_TEXT = 128


def _digest(buf):
    if len(buf) <= _STREAM_AS_TEXT:
        return buf.decode("latin-1")
    return hashlib.blake2b(buf, digest_size=16).hexdigest()


class _Key:
    """One call's key: a type-tagged byte stream of the arguments, hashed as it is written.

    JavaScript values met in the arguments (JsProxy) are not hashed here: they are
    collected, in walk order, and handed to the JavaScript encoder with the digest.
    """

    __slots__ = ("hash_funcs", "js_values", "js_owners", "owner", "path", "buf", "class_names")

    def __init__(self, hash_funcs):
        self.hash_funcs = hash_funcs
        self.js_values = []
        self.js_owners = []  # the parameter each JavaScript value came from, for errors
        self.owner = None
        self.path = {}  # id(container) -> its depth, while it is being walked (cycles)
        # The stream, hashed once when it is complete: one blake2b call instead of three per
        # value (a third of a hit's time in Pyodide).
        self.buf = bytearray()
        self.class_names = None  # class_name's answers for classes made in functions, by class

    def hexdigest(self):
        return _digest(self.buf)

    def js_array(self):
        """The JavaScript values met, as the JS array the bridge takes (None for none)."""
        return to_js(self.js_values) if self.js_values else None

    def write(self, tag, data=b""):
        buf = self.buf
        buf += tag
        buf += _size(len(data))
        buf += data

    def digest_of(self, value, owner=None):
        """The digest of one value on its own, for order-independent collections; or, given
        the `owner` the value belongs to (a cycle's end while it is fed), for a value at one
        place in the stream, whose JavaScript values keep their order."""
        outer, js_count = self.buf, len(self.js_values)
        self.buf = bytearray()
        try:
            if owner is None:
                self.feed(value)
            else:
                self.enter(owner, lambda: self.feed(value))
            if owner is None and len(self.js_values) != js_count:
                raise _Unhashable(value, "a JavaScript value inside a set or a dict key cannot be hashed")
            return hashlib.blake2b(self.buf, digest_size=16).digest()
        finally:
            self.buf = outer

    def feed(self, v, custom=True):
        t = type(v)
        if custom and self.hash_funcs:
            # By type, by name, or by the module-qualified name ("builtins.generator").
            f = self.hash_funcs.get(t) or self.hash_funcs.get(_type_name(t)) or self.hash_funcs.get(f"{t.__module__}.{t.__qualname__}")
            if f is not None:
                try:
                    out = f(v)
                except Exception as e:
                    raise _HashFuncFailed(v, f, e) from e
                self.write(b"H", _type_name(t).encode())
                # A hash func that returns its own type would otherwise recurse forever.
                return self.feed(out, custom=type(out) is not t)
        if not _primitive(self.buf, v):
            self.compound(t, v)

    def compound(self, t, v):
        """Feeds v, which is no primitive (see _primitive)."""
        if t is tuple:
            # Immutable: no cycle can run through a tuple without a list or dict, which
            # are tracked.
            try:
                self.items(b"(", v)
            except _WalkFailed as e:
                e.trail.append(v)
                raise
        elif t is list:
            self.sequence(b"[", v)
        elif t is dict:
            self.mapping(b"{", v)
        elif t is set or t is frozenset:
            self.unordered(b"S" if t is set else b"Z", v)
        elif issubclass(t, JsProxy):
            self.write(b"J", _size(len(self.js_values)))
            self.js_values.append(v)
            self.js_owners.append(self.owner)
        else:
            self.other(t, v)

    def other(self, t, v):
        try:
            self.other_walked(t, v)
        except (_WalkFailed, RecursionError):
            raise
        except Exception as e:
            # The class's own code raised while it was read (a property, __dict__, items):
            # unhashable, as Streamlit's walk makes it, with the error as the cause.
            raise _Unhashable(v, f"reading it raised {type(e).__name__}: {e}") from e

    def other_walked(self, t, v):
        if t is _CachedFunction:
            # Passed, or met in a class's body: as the function it caches, not its cache.
            self.feed(v.__wrapped__)
            return
        name = self.class_name(t)
        known = _known_kinds.get(t)
        if known is not None:
            self.instance(v, name, known)
            return
        if "unittest.mock" in sys.modules and issubclass(t, sys.modules["unittest.mock"].Base):
            # A mock answers any attribute, and one made with a spec claims its spec's class,
            # so it has no value to walk: as in Streamlit, it is keyed by identity (one mock,
            # one key; another mock, another key).
            # With this process's own number: a persisted record of one never matches a
            # mock of the same serial after a reload.
            self.write(b"M", _PROCESS + _identity_serial(v).to_bytes(8, "little"))
        elif issubclass(t, enum.Enum):
            self.write(b"E", name)
            if v.name is None:
                # A flag combination with no name of its own (Perm(0), Perm(4)): its value.
                self.write(b"v")
                self.feed(v.value)
            else:
                self.write(b"s", v.name.encode())
        elif t is complex:
            self.write(b"c", struct.pack("<dd", v.real, v.imag))
        elif t is bytearray:
            self.write(b"B", bytes(v))
        elif t is memoryview:
            self.write(b"m", f"{v.format} {v.shape}".encode())
            self.write(b"b", v.tobytes())
        elif t is range:
            self.write(b"r", f"{v.start} {v.stop} {v.step}".encode())
        elif t is slice:
            # Its bounds may be any values (`df.loc["a":"c"]`), keyed as they are.
            self.write(b"l")
            self.feed((v.start, v.stop, v.step))
        elif issubclass(t, _DATETIMES):
            self.write(b"t", name)
            self.write(b"s", v.isoformat().encode())
            self.write(b"s", repr(v.tzinfo).encode() if getattr(v, "tzinfo", None) else b"")
        elif t is datetime.timedelta:
            self.write(b"d", f"{v.days} {v.seconds} {v.microseconds}".encode())
        elif issubclass(t, _BY_TEXT):
            self.write(b"x", name)
            self.write(b"s", str(v).encode())
        elif issubclass(t, types.ModuleType):
            # One per name in a process (a function that captured `np` reads it): its name.
            self.write(b"x", name)
            self.write(b"s", v.__name__.encode())
        elif v is Ellipsis or v is NotImplemented:
            self.write(b"k", repr(v).encode())
        elif issubclass(t, type):
            self.write(b"y", name)
            self.write(b"s", self.class_name(v))
        elif dataclasses.is_dataclass(v):
            self.instance(v, name, _known(t, tuple(f.name for f in dataclasses.fields(v))))
        elif issubclass(t, functools.partial):
            self.write(b"P")
            self.feed(v.func)
            self.feed(v.args)
            self.feed(v.keywords)
        elif issubclass(t, types.FunctionType):
            # Its code, and the values it captured: make_adder(1) and make_adder(2) differ.
            self.write(b"u", _function_id(v, remembered=True).encode())
            self.enter(v, lambda: self.sequence(b"(", _captured(v)))
        elif issubclass(t, types.MethodType):
            self.write(b"M")
            self.feed(v.__func__)
            self.feed(v.__self__)
        elif t is _BUILTIN:
            self.write(b"u", f"{v.__module__}.{v.__qualname__}".encode())
            if not (v.__self__ is None or inspect.ismodule(v.__self__)):
                self.feed(v.__self__)
        elif t in _BY_REDUCE:
            self.write(b"K", name)
            self.enter(v, lambda: self.feed(v.__reduce__()))
        elif issubclass(t, _DESCRIPTORS):
            self.write(b"u", f"{_type_name(v.__objclass__)}.{v.__name__}".encode())
        elif t is array.array:
            self.write(b"a", v.typecode.encode())
            self.write(b"b", v.tobytes())
        elif "numpy" in sys.modules and issubclass(t, (sys.modules["numpy"].ndarray, sys.modules["numpy"].generic)):
            # An array, or a scalar of one (`df["n"].max()` is a numpy.int64, no int): dtype,
            # shape and the bytes in C order; an object array by its elements.
            self.write(b"n", f"{name.decode()} {v.dtype.str} {v.shape}".encode())
            if v.dtype.hasobject:
                self.feed(v.tolist())
            else:
                self.write(b"b", sys.modules["numpy"].ascontiguousarray(v).tobytes())
        elif "pandas" in sys.modules and issubclass(t, (sys.modules["pandas"].DataFrame, sys.modules["pandas"].Series, sys.modules["pandas"].Index)):
            # Values and index, by pandas' own row hashes, with the labels and dtypes.
            pd = sys.modules["pandas"]
            self.write(b"q", name)
            self.feed([str(d) for d in (v.dtypes if isinstance(v, pd.DataFrame) else [v.dtype])])
            self.feed(list(v.columns) if isinstance(v, pd.DataFrame) else getattr(v, "name", None))
            self.write(b"b", pd.util.hash_pandas_object(v, index=not isinstance(v, pd.Index)).values.tobytes())
        elif issubclass(t, re.Pattern):
            self.write(b"p", name)
            self.feed(v.pattern)
            self.write(b"i", v.flags.to_bytes(4, "little"))
        elif t is types.MappingProxyType:
            self.write(b"<", name)
            self.mapping(b"{", v)
        elif issubclass(t, _DICT_VIEWS):
            # Compared as sets are: keys, or (key, value) pairs, in any order.
            self.write(b"<", name)
            self.unordered(b"S", v)
        elif t is type({}.values()):
            self.write(b"<", name)
            self.sequence(b"[", list(v))
        elif issubclass(t, (io.BytesIO, io.StringIO)):
            # In-memory files (an uploaded file is one): their content and position, as
            # Streamlit hashes them. Reading them moves nothing: the position is put back.
            if v.closed:
                raise _Unhashable(v, "the in-memory file is closed, so it has no content to hash")
            position = v.tell()
            v.seek(0)
            content = v.read()
            v.seek(position)
            self.write(b"I", name)
            self.feed(content)
            self.write(b"i", position.to_bytes(8, "little"))
        elif "tempfile" in sys.modules and issubclass(t, sys.modules["tempfile"].SpooledTemporaryFile):
            # By what it spools into, as that is keyed (a BytesIO by content, a file as a
            # file): asking it for a file descriptor would move it to disk.
            self.write(b"<", name)
            self.feed(v._file)
        elif issubclass(t, io.IOBase):
            # An open file: its name, which file it is and when that changed (asked of the
            # open file, not of the name, which may now be another file's or none), and
            # where it is read from. A stream over no file on disk (a zip member, a gzip
            # stream over bytes) has nothing that stands for its content.
            path = getattr(v, "name", None)
            if v.closed:
                raise _Unhashable(v, f"the file {path!r} is closed, so it has no position to hash")
            try:
                st = os.fstat(v.fileno())
                position = v.tell()
            except (OSError, ValueError):
                raise _Unhashable(v, "a stream without a file on disk behind it, or without a position, has no value to hash") from None
            self.write(b"I", name)
            self.feed(path)
            self.feed((st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size))
            self.write(b"i", position.to_bytes(8, "little"))
        elif issubclass(t, BaseException):
            # Its type, its args (kept in C, not in its __dict__) and its own fields.
            self.write(b"X", name)
            self.feed(v.args)
            self.enter(v, lambda: self.mapping(b"{", _fields(v)))
        elif issubclass(t, (tuple, list)):
            # A namedtuple or another subclass: its type is part of the key.
            self.write(b"<", name)
            self.sequence(b"(", v)
            self.own_fields(v)
        elif issubclass(t, collections.OrderedDict):
            # Its order is part of its value: two in another order are not ==.
            self.write(b"<", name)
            self.enter(v, lambda: self.items(b"[", list(v.items())))
            self.own_fields(v)
        elif issubclass(t, dict):
            self.write(b"<", name)
            self.mapping(b"{", v)
            if issubclass(t, collections.defaultdict):
                # What a missing key reads as: defaultdict(list) and defaultdict(set) differ.
                self.feed(v.default_factory)
            self.own_fields(v)
        elif issubclass(t, _BASES):
            self.write(b"<", name)
            self.feed(next(base for base in _BASES if issubclass(t, base))(v), custom=False)
            self.own_fields(v)
        elif issubclass(t, collections.deque):
            # Its items and its bound, as its pickle has them.
            self.write(b"<", name)
            self.feed(v.maxlen)
            self.enter(v, lambda: self.items(b"[", list(v)))
            self.own_fields(v)
        elif issubclass(t, types.SimpleNamespace):
            # Its attributes, as == compares them (a subclass's type is part of the key).
            self.write(b"O", name)
            self.enter(v, lambda: self.mapping(b"{", vars(v)))
        elif t.__flags__ & _HEAP_TYPE and (method := _declared_state(t)) is not None:
            self.instance(v, name, _known(t, method))
        elif t.__flags__ & _HEAP_TYPE and (hasattr(v, "__dict__") or hasattr(t, "__slots__")):
            # An instance of a Python class: its type and its fields, as Streamlit's
            # __reduce__ fallback sees them. C types (locks, files, sockets) are refused,
            # and so is a Python class built on one: its state is where no walk can see it.
            hidden = _c_base(t)
            if hidden is not None:
                raise _Unhashable(v, f"its base `{_type_name(hidden)}` keeps state no hash can read; give hash_funcs an entry for it")
            self.instance(v, name, _known(t, _BY_FIELDS))
        else:
            raise _Unhashable(v)

    def instance(self, v, name, kind):
        """Feeds an instance of a Python class keyed as `kind` (see _known_kinds)."""
        if kind is _BY_FIELDS:
            self.write(b"O", name)
            self.enter(v, lambda: self.mapping(b"{", _fields(v)))
        elif type(kind) is tuple:
            # A dataclass: the fields it declares.
            self.write(b"D", name)
            self.enter(v, lambda: self.sequence(b"(", [getattr(v, f) for f in kind]))
        else:
            # A class that says how to rebuild it, or what its state is (leaving out a lock,
            # a cache): by what that method returns, as pickle and Streamlit's __reduce__
            # fallback read it.
            try:
                state = getattr(v, kind)()
            except Exception as e:
                raise _Unhashable(v, f"its {kind} raised {type(e).__name__}: {e}") from e
            self.write(b"O", name)
            self.write(b"K" if kind == "__reduce__" else b"G")
            self.enter(v, lambda: self.feed(state))

    def class_name(self, t):
        """What names class t in a key: its qualified name, and, where it or a base was made
        inside a function (a `<locals>` name, which every class that call makes shares), what
        that class's body holds, so that two a factory made from other values differ as
        make_adder(1) and make_adder(2) do."""
        name = _type_name(t).encode()
        local = _local_classes.get(t)
        if local is None:
            local = _remembered(_local_classes, t, tuple(c for c in t.__mro__[:-1] if "<locals>" in c.__qualname__))
        # Not again inside itself: a method of the class captures the class (`super()`).
        if not local or id(t) in self.path:
            return name
        # Once per call's key: a list of a hundred instances has one class.
        known = self.class_names = self.class_names or {}
        if t not in known:
            try:
                known[t] = name + self.digest_of([_class_body(c) for c in local], t)
            except _Unhashable as e:
                # The value met is no argument the caller sees: say where it came from.
                why = f": {e.reason}" if e.reason else ""
                e.reason = (f"class `{_type_name(t)}` was made inside a function, so what it was given there (its "
                            f"methods' captured values, its attributes) is part of its key, and that holds a "
                            f"`{e.type_name}`{why}")
                e.type_name = _type_name(t)
                raise
        return known[t]

    def own_fields(self, v):
        """Feeds the fields a subclass of a container or a value keeps beside what it holds
        (a list subclass's `self.page`), which == leaves out and its behaviour may not."""
        self.enter(v, lambda: self.mapping(b"{", _fields(v)))

    def enter(self, container, walk):
        depth = self.path.get(id(container))
        if depth is not None:
            # A cycle: hashed as the position of the container it leads back to.
            self.write(b"R", _size(depth))
            return
        self.path[id(container)] = len(self.path)
        try:
            walk()
        except _WalkFailed as e:
            e.trail.append(container)
            raise
        finally:
            del self.path[id(container)]

    def items(self, tag, items):
        buf = self.buf
        buf += tag
        buf += b"\x04\0\0\0"
        buf += _size(len(items))
        if self.hash_funcs:
            for item in items:
                self.feed(item)
            return
        for item in items:
            if not _primitive(buf, item):
                self.compound(type(item), item)

    def sequence(self, tag, items):
        self.enter(items, lambda: self.items(tag, items))

    def mapping(self, tag, d):
        # Key order does not matter, as for ==: entries go in the order of their keys, or
        # of their keys' digests. Keys that are all strings sort as they are, without a
        # digest each (a 20-key dict's hit took 125 us, most of it in those digests); the
        # tag keeps the two orders' streams apart.
        def walk():
            if all(type(k) is str for k in d):
                self.write(tag + b"s", _size(len(d)))
                buf = self.buf
                plain = not self.hash_funcs
                for k in sorted(d):
                    _primitive(buf, k)
                    v = d[k]
                    if not plain:
                        self.feed(v)
                    elif not _primitive(buf, v):
                        self.compound(type(v), v)
                return
            self.write(tag, _size(len(d)))
            for key_digest, value in sorted(((self.digest_of(k), v) for k, v in d.items()), key=lambda kv: kv[0]):
                self.buf += key_digest
                self.feed(value)

        self.enter(d, walk)

    def unordered(self, tag, items):
        self.write(tag, _size(len(items)))
        for d in sorted(self.digest_of(item) for item in items):
            self.buf += d


_POINTER = struct.calcsize("P")
# How often a caller starts a shared computation again after it was cancelled.
_RETRIES_AFTER_CANCEL = 3


def _c_base(t):
    """The first class in t's MRO whose instances hold state in C, or None. Since Python
    3.12 many C types are heap types too, so the test is their layout: a class written in
    Python adds to its base at most a pointer per `__slots__` name, `__dict__` and
    `__weakref__`; anything larger is C fields. Value bases and containers are hashed by
    value elsewhere, and exceptions by their args."""
    for base in t.__mro__:
        parent = base.__base__
        if parent is None or base in _BASES or base in (tuple, list, dict) or issubclass(base, BaseException):
            continue
        names = base.__dict__.get("__slots__", ())
        names = (names,) if isinstance(names, str) else names
        pointers = len([n for n in names if n not in ("__dict__", "__weakref__")])
        pointers += bool(base.__dictoffset__ and not parent.__dictoffset__)
        pointers += bool(base.__weakrefoffset__ and not parent.__weakrefoffset__)
        if base.__basicsize__ > parent.__basicsize__ + pointers * _POINTER:
            return base
    return None


# How _Key.other keyed an instance of a Python class: by its fields (_BY_FIELDS), by what
# the method its class declares returns (its name, see _declared_state), or, for a
# dataclass, by the fields it declares (their names, a tuple). Every check that led there
# looks at the class alone, so its next instances skip the two dozen before (100 plain
# instances took 2.9 ms, 1.1 ms with this, in Pyodide).
_known_kinds = {}
_BY_FIELDS = object()


def _known(t, kind):
    """Notes that instances of `t` are keyed as `kind`; returns `kind`."""
    return _remembered(_known_kinds, t, kind)


def _declared_state(t):
    """The method of class t that says what its instances are, if it defines one: its own
    __reduce__ (or a base's other than object's), else its own __getstate__. Object's own
    read the instance's fields, which are keyed as they are."""
    if any("__reduce__" in vars(c) for c in t.__mro__[:-1]):
        return "__reduce__"
    getstate = getattr(t, "__getstate__", None)
    if getstate is not None and getstate is not getattr(object, "__getstate__", None):
        return "__getstate__"
    return None


def _fields(obj):
    out = dict(getattr(obj, "__dict__", {}))
    for cls in type(obj).__mro__:
        for slot in getattr(cls, "__slots__", ()):
            if slot not in ("__dict__", "__weakref__") and hasattr(obj, slot):
                out[slot] = getattr(obj, slot)
    return out


def _where(value, e):
    """Where inside argument `value` the value that `e` (a _WalkFailed) is about sits, as
    Python writes it (`['db']['locks'][0]`, `.pool`); "" for the argument itself, or where
    it cannot be told. Worked out only for the error: the walk keeps no path while it runs.
    Containers on the trail that hold none of the next (a class's fields, read into a dict
    of their own) are passed over."""

    def step(outer, inner):
        if type(outer) is dict or type(outer) is collections.OrderedDict:
            for k, v in dict.items(outer):
                if v is inner:
                    return f"[{k!r}]"
        elif type(outer) in (list, tuple):
            for i, v in enumerate(outer):
                if v is inner:
                    return f"[{i}]"
        elif type(outer).__flags__ & _HEAP_TYPE:
            for k, v in _fields(outer).items():
                if v is inner:
                    return f".{k}"
        return None

    try:
        path = ""
        at = value
        for inner in [*reversed(e.trail), e.value]:
            if inner is at:
                continue
            part = step(at, inner)
            if part is not None:
                path += part
                at = inner
        return path if at is e.value else ""
    except Exception:
        return ""


# The classes on a class's MRO that were made inside a function, by class.
_local_classes = {}


def _class_body(cls):
    """What a class's body was given by the call that made it, by name: its values, and
    what its functions (methods, cached ones, and through a property, classmethod or
    staticmethod) captured and took as defaults. Their code is the class's source, which
    every class that call makes shares, as it shares the name. Names with an underscore at
    both ends are left out: Python's own entries (`__module__`), and what a library's
    machinery writes there (a pydantic model's validator, an enum's member table)."""
    def given(value):
        return _captured(value) if isinstance(value, types.FunctionType) else value

    body = {}
    for name, value in vars(cls).items():
        if (name[:1] == "_" and name[-1:] == "_") or isinstance(value, (types.MemberDescriptorType, types.GetSetDescriptorType)):
            continue
        if isinstance(value, (classmethod, staticmethod)):
            value = value.__func__
        elif isinstance(value, _CachedFunction):
            value = value.__wrapped__
        body[name] = [given(value.fget), given(value.fset), given(value.fdel)] if isinstance(value, property) else given(value)
    return body


def _captured(func):
    cells = [c.cell_contents if _filled(c) else _EMPTY_CELL for c in func.__closure__ or ()]
    return [func.__defaults__, func.__kwdefaults__, *(c for c in cells if c is not _EMPTY_CELL)]


def _filled(cell):
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def _function_id(func, remembered=False):
    """What identifies a function: where it is defined, its source (or its compiled code
    where there is no source, as for code run by pyodide.runPython) and what its code
    does. The source of a lambda is its whole line: `lambda: 1` and `lambda: 2` written
    on one line have one source, and differ only in their code. `remembered`: as worked
    out for an equal code object before (see _code_digests)."""
    func = inspect.unwrap(getattr(func, "__func__", func))
    where = f"{getattr(func, '__module__', None)}.{getattr(func, '__qualname__', repr(func))}"
    code = getattr(func, "__code__", None)
    if not remembered or code is None:
        return f"{where} {_text_digest(func, code)}"
    digest = _code_digests.get((code, where))
    if digest is None:
        digest = _remembered(_code_digests, (code, where), _text_digest(func, code))
    return f"{where} {digest}"


# A function passed as an argument is keyed on every call, and reading its source
# (inspect.getsource tokenizes its file) cost 200 us of each: its digest is kept by its
# code object, whose equals run the same instructions. A cached function's own identity is
# worked out afresh when it is decorated, so an edit of its source starts a new cache.
_code_digests = {}


def _text_digest(func, code):
    try:
        text = inspect.getsource(func).encode()
    except (OSError, TypeError):
        text = marshal.dumps(code) if code is not None else repr(func).encode()
    if code is not None:
        text += b"\0" + _code_bytes(code)
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def _code_bytes(code):
    """A code object's instructions, names and constants (nested code included), without
    its file name or line numbers, so the same function moved in its file keeps its key;
    the same in every process, unlike marshal's form of it."""
    return b"\0".join([code.co_code, repr((code.co_names, code.co_varnames, code.co_freevars)).encode(), *map(_const_bytes, code.co_consts)])


def _const_bytes(c):
    """A constant of compiled code, the same in every process: a frozenset's members
    (`x in {"a", "b"}`) sorted, since their order follows the per-process string hash."""
    if isinstance(c, types.CodeType):
        return b"c(" + _code_bytes(c) + b")"
    if isinstance(c, (tuple, frozenset)):
        parts = [_const_bytes(x) for x in c]
        return (b"t(" if isinstance(c, tuple) else b"f(") + b",".join(parts if isinstance(c, tuple) else sorted(parts)) + b")"
    return repr((type(c).__name__, c)).encode()


class _Box:
    """A cached value, never converted, so it comes back as the same Python object (1.0
    stays a float, a list the list). JavaScript holds a sync entry's box by a handle (see
    _held), an async entry's as a proxy."""

    __slots__ = ("value", "error", "released")

    def __init__(self, value, error=None):
        self.value = value
        self.error = error  # what an async function raised: JavaScript rejects with it
        self.released = False


class _Claim:
    """What an async call started, if anything: the shared computation's task (a weak
    reference), and the box it stored, which is the caller's own even if the entry is
    cleared meanwhile."""

    __slots__ = ("task", "box", "unkept")

    def __init__(self):
        self.task = None
        self.box = None
        # Whether `box` holds the value itself, not what the cache keeps of it.
        self.unkept = False


# The boxes of sync entries, by the number JavaScript keeps for each: a number crosses
# between the languages for nothing, where a proxy to a box cost 8 us each way.
_held = {}
_handles = itertools.count(1)
# Boxes released while a sync call is in progress (a hit listener may clear the entry the
# call is returning), kept until the outermost call returns.
_released_now = {}
_calls_in_progress = [0]


def _current_task():
    """The running asyncio task, or None outside one."""
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None


def _hold(box):
    handle = next(_handles)
    _held[handle] = box
    return handle


def _unhold(held):
    """The box of an entry JavaScript released: held by its handle, or (async) itself."""
    if isinstance(held, _Box):
        return held
    box = _held.pop(held, None)
    if box is not None and _calls_in_progress[0]:
        _released_now[held] = box
    return box


def _box_of(held):
    if isinstance(held, _Box):
        return held
    return _held.get(held) or _released_now[held]


def _seconds(ttl, option):
    if ttl is None or isinstance(ttl, str):
        return ttl
    if isinstance(ttl, datetime.timedelta):
        return ttl.total_seconds()
    if isinstance(ttl, (int, float)) and not isinstance(ttl, bool):
        if math.isnan(ttl) or ttl < 0:
            raise StreamlitValueError(f"cache_resource: {option} must not be negative or NaN, got {ttl!r}.")
        return float(ttl)
    raise TypeError(
        f"cache_resource: {option} must be seconds (int or float), a string like \"1h\" or "
        f"\"30 minutes\", a datetime.timedelta, or None; got {ttl!r}."
    )


def _check_hash_funcs(hash_funcs):
    if hash_funcs is None:
        return None
    if not isinstance(hash_funcs, dict):
        raise TypeError(f"cache_resource: hash_funcs must be a dict, got {type(hash_funcs).__name__}.")
    for key, func in hash_funcs.items():
        if not (isinstance(key, type) or (isinstance(key, str) and key)):
            raise TypeError(f"cache_resource: hash_funcs keys must be types or fully qualified type names, got {key!r}.")
        if not callable(func):
            raise TypeError(f"cache_resource: hash_funcs[{key!r}] must be callable, got {func!r}.")
    return dict(hash_funcs) or None


_TTL_FORMS = (
    'seconds (int or float), a string like "90s", "1.5 days", "1h23s", "2 hours 5 min", "00:30:00" or '
    '"PT1H30M", a datetime.timedelta, or None'
)


def _python_error(e, ttl):
    """An option JavaScript refused (only ttl strings reach it unchecked), said in Python's
    terms: ValueError for a value of the right type, TypeError for a wrong type."""
    reason = re.search(r"is not a duration: (.*?)\. Accepted:", str(e))
    if reason:
        return StreamlitBadTimeStringError(f"cache_resource: ttl {ttl!r} is not a duration: {reason.group(1)}. Accepted: {_TTL_FORMS}.")
    error = StreamlitValueError if getattr(e, "name", None) == "RangeError" else TypeError
    return error(str(e).split(": ", 1)[-1].replace("cacheResource", "cache_resource"))


_SIZE_UNITS = {"": 1, "b": 1, "kb": 1 << 10, "kib": 1 << 10, "mb": 1 << 20, "mib": 1 << 20, "gb": 1 << 30, "gib": 1 << 30, "tb": 1 << 40, "tib": 1 << 40}


def _byte_limit(max_size):
    """cache_data's max_size in bytes: an int, or a number and a unit (1 KB = 1,024 bytes)."""
    if max_size is None:
        return None
    if isinstance(max_size, bool) or not isinstance(max_size, (int, str)):
        raise TypeError(f'cache_data: max_size must be a number of bytes (an int) or a string like "500MB", got {max_size!r}.')
    if isinstance(max_size, int):
        limit = max_size
    else:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", max_size)
        unit = m.group(2).lower() if m else None
        if unit not in _SIZE_UNITS:
            raise StreamlitValueError(
                f"cache_data: max_size {max_size!r} is not a size: give bytes as an int, or a number and one of "
                'B, KB, MB, GB or TB (1 KB = 1,024 bytes), e.g. "500MB".'
            )
        limit = int(float(m.group(1)) * _SIZE_UNITS[unit])
    if limit <= 0:
        raise StreamlitValueError(f"cache_data: max_size must be above 0 bytes, got {max_size!r}.")
    return limit


class _ByteBudget:
    """cache_data's max_size for one function: per cache (the global one, or a session's),
    its entries' pickle sizes in the order last used, and their total. Past the limit the
    least recently used entries go, never the one just used, so a lone entry larger than
    the limit stays, as in Streamlit."""

    def __init__(self, limit, func_name):
        self.limit = limit
        self.func_name = func_name
        self.caches = {}  # session (None: global) -> OrderedDict digest -> [handle, size, js_values]
        self.totals = {}
        self.handles = {}  # handle -> (session, digest)
        self.warned = False

    def used(self, session, digest, js_values, handle, drop):
        """Notes a call that got the entry `handle`; drops older entries past the limit."""
        entries = self.caches.setdefault(session, collections.OrderedDict())
        entry = entries.get(digest)
        if entry is not None and entry[0] == handle:
            entries.move_to_end(digest)
            return
        if entry is not None:
            self._forget(session, digest)
        box = _held.get(handle)
        if box is None:
            return
        size = len(box.value)
        entries = self.caches.setdefault(session, entries)
        entries[digest] = [handle, size, js_values]
        self.handles[handle] = (session, digest)
        self.totals[session] = self.totals.get(session, 0) + size
        if size > self.limit and not self.warned:
            self.warned = True
            warnings.warn(
                f"cache_data: an entry of {self.func_name}() takes {size:,} bytes, more than its max_size of "
                f"{self.limit:,}: it is kept, alone.",
                stacklevel=4,
            )
        while self.totals[session] > self.limit and len(entries) > 1:
            oldest, (old_handle, _, old_js) = next(iter(entries.items()))
            drop(oldest, old_js, session)
            # Its release took it out; an entry the registry had dropped already is taken out here.
            if entries.get(oldest, (None,))[0] == old_handle:
                self._forget(session, oldest)

    def released(self, handle):
        where = self.handles.get(handle)
        if where is not None and self.caches[where[0]].get(where[1], (None,))[0] == handle:
            self._forget(*where)

    def _forget(self, session, digest):
        entries = self.caches[session]
        handle, size, _ = entries.pop(digest)
        self.handles.pop(handle, None)
        self.totals[session] -= size
        # A closed session's cache ends empty: nothing of it is kept.
        if not entries:
            del self.caches[session], self.totals[session]


def _is_zero(ttl):
    """Whether a ttl is zero: nothing would ever be stale, only gone."""
    if isinstance(ttl, datetime.timedelta):
        return ttl == datetime.timedelta(0)
    return isinstance(ttl, (int, float)) and not isinstance(ttl, bool) and ttl == 0


def _check_choice(option, value, allowed, label):
    if value not in allowed:
        raise StreamlitValueError(f"{label}: {option} must be one of {', '.join(map(repr, allowed))}, got {value!r}.")
    return value


def _signature(func):
    """The signature of ``func``, without evaluating its annotations.

    From Python 3.14 annotations are evaluated when read, and inspect.signature reads them:
    one that names a type imported under ``if TYPE_CHECKING:`` would raise NameError at
    decoration. Only the names and kinds count here.
    """
    try:
        from annotationlib import Format
    except ImportError:
        return inspect.signature(func)
    return inspect.signature(func, annotation_format=Format.STRING)


def _make(func, ttl, max_entries, show_spinner, show_time, validate, hash_funcs, scope, on_release, refresh_mode, data=False, persist=False, max_size=None):
    label = "cache_data" if data else "cache_resource"
    if not callable(func):
        raise TypeError(f"{label}: expected a function to cache, got {func!r}.")
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None) or "function"
    if inspect.isasyncgenfunction(func):
        raise StreamlitAPITypeError(
            f"{label}: {name} is an async generator function, which cannot be cached: what it returns is a "
            "stream read once, so every later caller would get it spent. Collect its items in an `async def` "
            "that returns them (a list, say), and cache that."
        )
    is_async = inspect.iscoroutinefunction(func)
    if max_entries is not None and (isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1):
        raise StreamlitValueError(f"{label}: max_entries must be a positive int or None, got {max_entries!r}.")
    if not isinstance(show_spinner, (bool, str)):
        raise TypeError(f"{label}: show_spinner must be a bool or a str, got {show_spinner!r}.")
    for option, callback in (("validate", validate), ("on_release", on_release)):
        if callback is not None and not callable(callback):
            raise TypeError(f"cache_resource: {option} must be callable or None, got {callback!r}.")
        # Its coroutine would never be awaited: a hit cannot wait for it.
        if inspect.iscoroutinefunction(callback):
            raise StreamlitAPITypeError(f"cache_resource: {option} must be a plain function, not an async def: it is called on every hit and its result used at once.")
    hash_funcs = _check_hash_funcs(hash_funcs)
    _check_choice("scope", scope, ("global", "session"), label)
    _check_choice("refresh_mode", refresh_mode, ("foreground", "background"), label)
    if refresh_mode == "background" and (ttl is None or _is_zero(ttl)):
        raise StreamlitValueError(
            f'{label}: refresh_mode="background" needs a ttl above 0: an entry turns stale after its ttl '
            'and is refreshed in the background until twice its ttl, e.g. ttl="1h".'
        )
    if refresh_mode == "background" and is_async:
        raise StreamlitValueError(
            f'{label}: refresh_mode="background" takes plain functions only, as in Streamlit, and {name} is an '
            'async def. Use refresh_mode="foreground".'
        )

    signature = _signature(func)
    params = signature.parameters
    encoded = {n: n.encode() for n in params}
    kinds = {p.kind for p in params.values()}
    # Calls that need no Signature.bind: all positional, exactly the parameters declared.
    positional = [p.name for p in params.values()]
    simple = kinds <= {inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD}
    if show_spinner is True:
        show_spinner = f"Running `{name}({'...' if params else ''})`."

    budget = _ByteBudget(max_size, name) if max_size is not None else None

    def release(held, in_flight):
        if budget is not None:
            budget.released(held)
        box = _unhold(held)
        if box is None:
            return
        box.released = True
        # Released before its task finished, the value was never the entry's: it is the
        # caller's that computed it, and stays live for it, as in Streamlit.
        if on_release is not None and not in_flight:
            on_release(box.value)

    # What the cache keeps of a result, and what a caller gets of what it keeps: for a
    # resource, the value itself; for data, its pickle, unpickled afresh for each caller.
    # Persisted data keeps the pickle in JavaScript (bytes IndexedDB can store), held by
    # nothing here.
    if persist:

        def kept(value):
            return to_js(_pickled(value, name))

        def given(found):
            return pickle.loads(found.to_bytes())

    elif data:

        def kept(value):
            return _Box(_pickled(value, name))

        def given(box):
            return pickle.loads(box.value)

    else:
        kept = _Box

        def given(box):
            return box.value

    def check(held):
        ok = validate(_box_of(held).value)
        # An awaitable is truthy: taken as an answer, no entry would ever be dropped.
        if inspect.isawaitable(ok):
            if inspect.iscoroutine(ok):
                ok.close()
            raise TypeError("cache_resource: validate must answer at once, not with an awaitable.")
        return bool(ok)

    options = {
        "ttl": _seconds(ttl, "ttl"),
        "maxEntries": max_entries,
        "showSpinner": show_spinner,
        "showTime": bool(show_time),
        "scope": scope,
        "refreshMode": refresh_mode,
        # Lasting proxies: JavaScript keeps these for as long as the function is cached.
        "validate": create_proxy(check) if validate is not None else None,
        "onRelease": create_proxy(release),
    }
    try:
        kind = "persisted data" if persist else "data" if data else "resource"
        cached = _bridge.wrap(name, _function_id(func), to_js(options, dict_converter=_bridge.record), kind, is_async)
    except JsException as e:
        raise _python_error(e, ttl) from None
    call = cached.call
    # The compute thunk is handed to JavaScript per call. A plain (borrowed) proxy dies
    # when the call returns, which is enough unless JavaScript calls it later: an async
    # entry re-validated once it resolves, or a background refresh.
    lasting = is_async or refresh_mode == "background"

    # The `=` records of the kept parameters of a simple signature, for _primitives_stream.
    plan = [(b"=" + _size(len(encoded[n])) + encoded[n], i) for i, n in enumerate(positional) if not n.startswith("_")]
    fast = simple and not hash_funcs

    def key_of(args, kwargs):
        """The call's digest and the JavaScript values among its arguments (a JS array or
        None), and the _Key that found them (None on the fast path)."""
        if fast and not kwargs and len(args) == len(positional):
            buf = _primitives_stream(plan, args)
            if buf is not None:
                return _digest(buf), None, None
        key = _Key(hash_funcs)
        if simple and not kwargs and len(args) == len(positional):
            pairs = zip(positional, args)
        else:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            pairs = bound.arguments.items()
        for pname, value in pairs:
            if pname.startswith("_"):
                continue
            kind = params[pname].kind
            key.write(b"=", encoded[pname])
            if kind is inspect.Parameter.VAR_POSITIONAL:
                key.write(b"*", _size(len(value)))
                for i, item in enumerate(value):
                    feed(key, f"{pname}[{i}]", item)
            elif kind is inspect.Parameter.VAR_KEYWORD:
                for k in sorted(value):
                    if not k.startswith("_"):
                        key.write(b"=", k.encode())
                        feed(key, k, value[k])
            else:
                feed(key, pname, value)
        return key.hexdigest(), key.js_array(), key

    def lookup(args, kwargs, mine=None, keyed=None):
        digest, js_values, key = key_of(args, kwargs)
        session = _current_session.get()
        if keyed is not None:
            keyed[:] = (session, digest, js_values)
        computer = computing and computing.get(computing_key((digest, js_values, session and session.js)))
        if computer and computer is _current_task():
            # Its own computation, awaiting the entry it is computing: it would wait forever.
            raise RecursionError(
                f"{label}: {name}() was called again with the arguments it is computing a value for, from the task "
                "computing it, and would await itself forever. Call it with other arguments, or compute the value inline."
            )
        if lasting:
            compute = thunk(args, kwargs, mine, (digest, js_values, session and session.js))
        else:
            compute = compute_pending
            mark = len(pending)
            pending.append((args, kwargs))
        try:
            return call(digest, compute, js_values, session and session.js)
        except JsException as e:
            if "called outside a session" in str(e):
                raise RuntimeError(
                    f'{label}: {name} has scope="session" and was called outside a session: call it inside '
                    "`with cache_resource.session(...):` (or, from JavaScript, inside session.run)."
                ) from None
            if getattr(e, "name", None) == "RangeError" and "call stack" in str(e):
                # Cached calls nested in cached calls (a memoized recursion): each level
                # passes through JavaScript, whose stack runs out before Python's limit.
                raise RecursionError(
                    f"{label}: maximum recursion depth exceeded in {name}(): each nested cached call also uses "
                    "JavaScript's call stack, which ran out. Recurse in a loop, or cache the outer call only."
                ) from None
            if getattr(e, "name", None) != "UnhashableParamError" or key is None or not key.js_values:
                raise
            # The JavaScript encoder names the value jsValues[i]: name its Python parameter.
            i = int(e.parameter.rsplit("[", 1)[1].rstrip("]'"))
            raise UnhashableParamError(name, key.js_owners[i], f"JavaScript {e.typeName}", "JavaScript cannot hash it") from None
        finally:
            if not lasting:
                # Back to what it was before this call: a stack overflow below may have
                # torn down inner calls without their `finally`.
                del pending[mark:]

    def feed(key, pname, value):
        key.owner = pname
        try:
            key.feed(value)
        except _Unhashable as e:
            raise UnhashableParamError(name, pname, e.type_name, e.reason, _where(value, e)) from e.__cause__
        except _HashFuncFailed as e:
            raise HashFuncError(name, pname, e.type_name, e.hash_func, e.cause, label, e.shown, _where(value, e)) from e.cause
        except RecursionError:
            raise UnhashableParamError(name, pname, _type_name(type(value)), "it is nested too deeply") from None

    def held(value):
        """A sync result as JavaScript keeps it: its box's handle, or a persisted pickle."""
        return kept(value) if persist else _hold(kept(value))

    def computed(args, kwargs):
        """A sync call of the function, its result as JavaScript keeps it."""
        return held(_not_awaitable(func(*args, **kwargs), label, name))

    def still_there(where):
        """Whether the entry of a call (its digest, JavaScript values, session) is in its
        cache; a session closed since has none."""
        try:
            return cached.has(*where)
        except JsException:
            return False

    def thunk(args, kwargs, mine, where):
        if is_async:
            async def run():
                # A data entry's box is held by handle, as a sync entry's is; a resource's
                # goes to JavaScript as a proxy. `mine` tells the caller it computed this.
                me = asyncio.current_task()
                running = computing_key(where)
                if running is not None:
                    computing[running] = me
                try:
                    value = await func(*args, **kwargs)
                    # Asked only of a key that is the digest alone: JavaScript values among
                    # the arguments may have changed since, and with them the key asked.
                    if data and not persist and where[1] is None and not still_there(where):
                        # Cleared while it ran: the value is the caller's alone, never the
                        # entry's, so it is not pickled, and need not be picklable (as in
                        # Streamlit). A new call may have started the entry again; then it is.
                        mine.box = _Box(value)
                        mine.unkept = True
                        return mine.box
                    box = kept(value)
                    mine.box = box
                    return _hold(box) if data and not persist else box
                except BaseException as e:
                    return _Box(None, e)
                finally:
                    if running is not None and computing.get(running) is me:
                        del computing[running]

            def compute():
                task = asyncio.ensure_future(run())
                # Weakly: the claim lives as long as JavaScript keeps this thunk, and a
                # finished task holds its result.
                mine.task = weakref.ref(task)
                return task
        else:
            compute = lambda: computed(args, kwargs)  # noqa: E731
        return create_proxy(compute)

    # Calls that JavaScript computes only while they are in progress (sync, foreground)
    # share one lasting proxy, which reads the arguments of the innermost call: a proxy
    # made per call cost 3 us.
    pending = []
    # The task computing each async entry whose key is its digest alone, by computing_key.
    computing = {}

    def computing_key(where):
        """Where `computing` keeps the task of a call's entry (its digest, JavaScript values and
        session), or None when JavaScript values are part of its key."""
        digest, js_values, session_js = where
        return (digest, id(session_js)) if js_values is None else None

    def compute_latest():
        return computed(*pending[-1])

    compute_pending = None if lasting else create_proxy(compute_latest)

    if is_async:

        async def run(*args, **kwargs):
            # Concurrent callers share one task. The caller that started it gets what it
            # computed, even if the entry was cleared meanwhile; the others (waiters) get
            # the entry's value, or, as Streamlit's waiters do, start the computation
            # again if the entry was released before they resumed, or its task was
            # cancelled (not this caller: then a few times at most).
            cancelled = 0
            keyed = [] if budget is not None else None
            while True:
                mine = _Claim()
                try:
                    found = lookup(args, kwargs, mine, keyed)
                    if inspect.isawaitable(found):
                        found = await found
                except asyncio.CancelledError:
                    me = asyncio.current_task()
                    cancelled += 1
                    if me is not None and me.cancelling():
                        # The caller that started the computation takes it down with it,
                        # as in Streamlit, where it runs in that caller's task: its waiters
                        # then start it again.
                        task = mine.task and mine.task()
                        if task is not None:
                            task.cancel()
                        raise
                    if cancelled > _RETRIES_AFTER_CANCEL or me is None:
                        raise
                    continue
                if persist:
                    return given(found)
                # A value cleared while it ran was never the entry's: nothing to account for.
                if budget is not None and not mine.unkept:
                    budget.used(*keyed, found, drop)
                if mine.box is not None:
                    # Taken: the call's thunk, whose proxy JavaScript may hold a while
                    # longer, keeps `mine`.
                    box, mine.box = mine.box, None
                    return box.value if mine.unkept else given(box)
                box = found if not data else _held.get(found)
                if box is not None and not box.released:
                    return given(box)

    else:

        def run(*args, **kwargs):
            depth = _calls_in_progress[0]
            _calls_in_progress[0] = depth + 1
            try:
                keyed = [] if budget is not None else None
                found = lookup(args, kwargs, None, keyed)
                if persist:
                    return given(found)
                box = _held.get(found) or _released_now[found]
                if budget is not None:
                    budget.used(*keyed, found, drop)
                return given(box)
            finally:
                # Set back, not counted down: see lookup's `finally`.
                _calls_in_progress[0] = depth
                if not depth:
                    _released_now.clear()

    def drop(digest, js_values, session):
        """Drops one entry of the cache `session` (None: the global one) uses."""
        cached.drop(digest, js_values, session and session.js)

    def clear(*args, **kwargs):
        """With no arguments, empties this function's cache; with arguments, drops the
        entry those arguments map to."""
        if not args and not kwargs:
            cached.clear()
        else:
            digest, js_values, _ = key_of(args, kwargs)
            cached.clear(digest, js_values)

    def stats():
        """This function's counters: entries, hits, misses, evicted, expired, ..."""
        return cached.stats().to_py()

    return _CachedFunction(func, run, clear, stats)


def _cached_or_decorator(func, kwargs):
    """``@f`` and ``@f(...)`` alike: the cached function, or the decorator that makes it."""
    if func is None:
        return lambda f: _make(f, **kwargs)
    return _make(func, **kwargs)


def cache_resource(
    func=None,
    *,
    ttl=None,
    max_entries=None,
    show_spinner=True,
    show_time=False,
    validate=None,
    hash_funcs=None,
    scope="global",
    on_release=None,
    refresh_mode="foreground",
):
    """Cache the resource a function returns, per set of arguments, as
    ``st.cache_resource`` does. Use as ``@cache_resource`` or ``@cache_resource(ttl=...)``."""
    kwargs = dict(
        ttl=ttl, max_entries=max_entries, show_spinner=show_spinner, show_time=show_time, validate=validate,
        hash_funcs=hash_funcs, scope=scope, on_release=on_release, refresh_mode=refresh_mode,
    )
    return _cached_or_decorator(func, kwargs)


def cache_data(
    func=None,
    *,
    ttl=None,
    max_entries=None,
    show_spinner=True,
    show_time=False,
    persist=None,
    hash_funcs=None,
    scope="global",
    refresh_mode="foreground",
    max_size=None,
):
    """Cache the data a function returns, per set of arguments, as ``st.cache_data``
    does: the value is kept as a pickle and every caller gets its own copy, so mutating a
    result never changes what the next caller gets. Use as ``@cache_data`` or
    ``@cache_data(ttl=...)``. ``persist="disk"`` (or True) also keeps the pickles in the
    browser's IndexedDB, so a reload of the page within the ttl finds them.
    ``refresh_mode="background"`` serves a stale copy at once and refreshes it behind,
    as for cache_resource; not with ``persist``. ``max_size`` (bytes, or a string like
    ``"500MB"``) bounds the pickles kept, dropping the least recently used first."""
    if persist not in (None, False, True, "disk"):
        raise StreamlitValueError(f'cache_data: persist must be "disk", True, False or None, got {persist!r}.')
    if persist not in (None, False) and refresh_mode == "background":
        raise StreamlitValueError(f'cache_data: persist={persist!r} and refresh_mode="background" cannot be combined: choose one.')
    limit = _byte_limit(max_size)
    if persist not in (None, False) and limit is not None:
        raise StreamlitValueError(f"cache_data: persist={persist!r} keeps the pickles in IndexedDB, which max_size does not count: choose one.")
    kwargs = dict(
        ttl=ttl, max_entries=max_entries, show_spinner=show_spinner, show_time=show_time, validate=None,
        hash_funcs=hash_funcs, scope=scope, on_release=None, refresh_mode=refresh_mode, data=True,
        persist=persist in (True, "disk"), max_size=limit,
    )
    return _cached_or_decorator(func, kwargs)


class _CachedFunction:
    """What cache_resource returns: the function, cached, with clear() and stats(). As a
    class's attribute it binds like a function, and its clear() binds too, so
    ``obj.method.clear(2)`` drops the entry ``obj.method(2)`` made."""

    def __init__(self, func, run, clear, stats):
        functools.update_wrapper(self, func)
        self._run = run
        self.clear = clear
        self.stats = stats
        if inspect.iscoroutinefunction(func) and hasattr(inspect, "markcoroutinefunction"):
            inspect.markcoroutinefunction(self)

    def __call__(self, *args, **kwargs):
        return self._run(*args, **kwargs)

    def __get__(self, obj, objtype=None):
        return self if obj is None else _BoundCachedFunction(self, obj)


class _BoundCachedFunction:
    """A cached method bound to an instance: calls and clears with it as the first argument."""

    def __init__(self, func, obj):
        self.__func__ = func
        self.__self__ = obj

    def __call__(self, *args, **kwargs):
        return self.__func__(self.__self__, *args, **kwargs)

    def clear(self, *args, **kwargs):
        """With no arguments, empties the whole function's cache; with arguments, drops the
        entry this instance and those arguments map to."""
        if not args and not kwargs:
            return self.__func__.clear()
        return self.__func__.clear(self.__self__, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.__func__, name)


def _clear_all():
    """Empties every cache_resource cache of the page, Python's and JavaScript's."""
    _bridge.clearAll()


def _clear_data():
    """Empties every cache_data cache of the page, Python's and JavaScript's."""
    _bridge.clearData()


def _stats():
    """Counters of every cache of the page, with a list per function."""
    return _bridge.stats().to_py()


_current_session = contextvars.ContextVar("cache_resource_session", default=None)


class Session:
    """Separate caches for functions with ``scope="session"``, as Streamlit keeps one per
    browser session: a page running several apps gives each its own. ``with session:``
    enters it for a block (across ``await`` too); ``close()`` releases its entries (their
    ``on_release`` runs) and ends it. The same session as JavaScript's
    ``cacheResource.session()``: JavaScript may enter it with ``session.run``."""

    def __init__(self, name=None):
        self.js = _bridge.session(name)
        self._entered = []

    @property
    def name(self):
        return self.js.name

    @property
    def closed(self):
        return self.js.closed

    def __enter__(self):
        if self.closed:
            raise RuntimeError(f"cache_resource: {self.name} is closed; open a new one with cache_resource.session().")
        self._entered.append(_current_session.set(self))
        return self

    def __exit__(self, *exc):
        _current_session.reset(self._entered.pop())

    def close(self):
        self.js.close()


cache_resource.clear = _clear_all
cache_data.clear = _clear_data
cache_resource.stats = _stats
cache_resource.session = Session
cache_data.stats = _stats
cache_data.session = Session
