"""The base of every object that owns a reference to a C handle.

Each Python object owns exactly one reference, taken when it is made and
dropped by a ``weakref.finalize`` finalizer: when the object is collected,
when ``close()`` is called, when its ``with`` block ends, or at interpreter
exit, whichever comes first, and only once. The finalizer holds the unref
function and the pointer, never the object, so it can run in any order
with the finalizers of other objects: the C handles are reference counted
and each keeps alive what it needs (a cursor or an agenda its engine), see
docs/conventions.md.
"""

import ctypes
import weakref

from ._clib import lib
from ._values import fail


def _release(unref, pointer):
    unref(pointer)


def new_handle(constructor, *args):
    """Calls a ``_new(&out, ...)`` function and returns the new pointer."""
    out = ctypes.c_void_p()
    rc = constructor(ctypes.byref(out), *args)
    if rc < 0:
        fail(rc, None)
    return out.value


class Handle:
    _unref_name = None  # the C function that drops the reference

    def _adopt(self, pointer):
        self._ptr = pointer
        self._finalizer = weakref.finalize(self, _release, getattr(lib, self._unref_name), pointer)

    @property
    def _h(self):
        pointer = self.__dict__.get("_ptr")
        if pointer is None:
            raise ValueError("this %s is closed" % type(self).__name__)
        return pointer

    @property
    def closed(self):
        return self.__dict__.get("_ptr") is None

    def close(self):
        """Drops this object's reference to the C handle now (idempotent)."""
        finalizer = self.__dict__.get("_finalizer")
        self._ptr = None
        if finalizer is not None:
            finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
