#!/usr/bin/env python3
"""Waits for an application's main window on the X display, without polling.

    await-window.py REGEX [TIMEOUT_SECONDS]

Prints "ready" once it listens, then the wall-clock time in milliseconds since the epoch at which
a top-level window whose name matches REGEX was viewable (mapped) and at least 400 pixels wide,
or "timeout". The desktop launch benchmarks start it before the application, so that it sleeps in
the X connection while the application starts: a polling loop of xwininfo calls costs a core a
good part of its time on a two-core machine and sees a window only every ~50 ms.

Only the Python standard library and libX11 (through ctypes).
"""
import ctypes
import ctypes.util
import re
import select
import sys
import time

CREATE_NOTIFY, MAP_NOTIFY, CONFIGURE_NOTIFY, PROPERTY_NOTIFY = 16, 19, 22, 28
STRUCTURE_NOTIFY_MASK, SUBSTRUCTURE_NOTIFY_MASK, PROPERTY_CHANGE_MASK = 1 << 17, 1 << 19, 1 << 22
IS_VIEWABLE = 2
MIN_WIDTH = 400


class WindowAttributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                ("root", ctypes.c_ulong), ("window_class", ctypes.c_int), ("bit_gravity", ctypes.c_int),
                ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int),
                ("backing_planes", ctypes.c_ulong), ("backing_pixel", ctypes.c_ulong),
                ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
                ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


def main():
    pattern = re.compile(sys.argv[1])
    deadline = time.monotonic() + (float(sys.argv[2]) if len(sys.argv) > 2 else 60.0)
    x = ctypes.CDLL(ctypes.util.find_library("X11"))
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XDefaultRootWindow.restype = ctypes.c_ulong
    x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
    x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x.XPending.argtypes = [ctypes.c_void_p]
    x.XConnectionNumber.argtypes = [ctypes.c_void_p]
    x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(WindowAttributes)]
    x.XGetWindowProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long,
                                     ctypes.c_long, ctypes.c_int, ctypes.c_ulong,
                                     ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_int),
                                     ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong),
                                     ctypes.POINTER(ctypes.c_void_p)]
    x.XFree.argtypes = [ctypes.c_void_p]
    # a window can go between an event and the question about it: such errors are not fatal here
    on_error = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda d, e: 0)
    x.XSetErrorHandler(on_error)

    display = x.XOpenDisplay(None)
    if not display:
        sys.exit("await-window: cannot open the display")
    root = x.XDefaultRootWindow(display)
    names = [x.XInternAtom(display, b"_NET_WM_NAME", 0), x.XInternAtom(display, b"WM_NAME", 0)]

    def name_of(window):
        for atom in names:
            kind, fmt = ctypes.c_ulong(), ctypes.c_int()
            count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
            if x.XGetWindowProperty(display, window, atom, 0, 1024, 0, 0, ctypes.byref(kind), ctypes.byref(fmt),
                                    ctypes.byref(count), ctypes.byref(after), ctypes.byref(data)) == 0 and data.value:
                text = ctypes.string_at(data.value, count.value).decode("utf-8", "replace")
                x.XFree(data)
                if text:
                    return text
        return ""

    def is_main_window(window):
        attributes = WindowAttributes()
        if not x.XGetWindowAttributes(display, window, ctypes.byref(attributes)):
            return False
        return (attributes.map_state == IS_VIEWABLE and attributes.width >= MIN_WIDTH
                and pattern.search(name_of(window)) is not None)

    x.XSelectInput(display, root, SUBSTRUCTURE_NOTIFY_MASK)
    x.XSync(display, 0)
    print("ready", flush=True)

    event = (ctypes.c_long * 24)()
    fd = x.XConnectionNumber(display)
    while True:
        while not x.XPending(display):
            left = deadline - time.monotonic()
            if left <= 0:
                print("timeout", flush=True)
                return
            select.select([fd], [], [], left)
        x.XNextEvent(display, event)
        kind = ctypes.cast(event, ctypes.POINTER(ctypes.c_int))[0]
        # the window sits at the sixth long of these events, at the fifth of a property change
        if kind == CREATE_NOTIFY:
            window = event[5]
            # its title may change later: follow its properties from now on
            x.XSelectInput(display, window, PROPERTY_CHANGE_MASK | STRUCTURE_NOTIFY_MASK)
        elif kind in (MAP_NOTIFY, CONFIGURE_NOTIFY):
            window = event[5]
        elif kind == PROPERTY_NOTIFY:
            window = event[4]
        else:
            continue
        if is_main_window(window):
            print(time.time_ns() // 1_000_000, flush=True)
            return


if __name__ == "__main__":
    main()
