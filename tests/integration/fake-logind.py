#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# A stand-in for systemd-logind (org.freedesktop.login1) on a private bus
# used as the system bus, for the logind watcher's test. It answers
# Manager.GetSession and Manager.GetSessionByPID with one session object
# and emits signals on commands read from standard input, one a line:
#   lock / unlock   Session.Lock / Session.Unlock on that session
#   sleep / wake    Manager.PrepareForSleep(true / false)
# NO_AUTO=1 makes GetSession("auto") fail as on logind without "auto".
# Every call and signal is logged on standard output.
import os
import sys

from gi.repository import Gio, GLib

BUS = "org.freedesktop.login1"
MANAGER = "/org/freedesktop/login1"
SESSION = "/org/freedesktop/login1/session/_37"
XML = """
<node>
  <interface name="org.freedesktop.login1.Manager">
    <method name="GetSession">
      <arg type="s" direction="in"/><arg type="o" direction="out"/>
    </method>
    <method name="GetSessionByPID">
      <arg type="u" direction="in"/><arg type="o" direction="out"/>
    </method>
    <signal name="PrepareForSleep"><arg type="b"/></signal>
  </interface>
  <interface name="org.freedesktop.login1.Session">
    <signal name="Lock"/>
    <signal name="Unlock"/>
  </interface>
</node>
"""
NO_AUTO = os.environ.get("NO_AUTO") == "1"
state = {"conn": None}


def no_session(inv, what):
    inv.return_dbus_error("org.freedesktop.login1.NoSuchSession", "no session " + what)


def on_call(conn, sender, path, iface, method, params, inv):
    args = params.unpack()
    print(method, args, flush=True)
    if method == "GetSession":
        if args[0] == "auto" and NO_AUTO:
            no_session(inv, "'auto' (not supported here)")
        elif args[0] in ("auto", "37"):
            inv.return_value(GLib.Variant("(o)", (SESSION,)))
        else:
            no_session(inv, repr(args[0]))
    elif method == "GetSessionByPID":
        inv.return_value(GLib.Variant("(o)", (SESSION,)))
    else:
        inv.return_dbus_error("org.freedesktop.DBus.Error.UnknownMethod", method)


def emit(path, iface, name, params):
    state["conn"].emit_signal(None, path, iface, name, params)
    state["conn"].flush_sync(None)
    print("sent", name, flush=True)


def on_stdin(channel, cond):
    line = channel.readline()
    if not line:
        print("end of commands", flush=True)
        loop.quit()
        return False
    cmd = line.strip()
    if cmd in ("lock", "unlock"):
        emit(SESSION, BUS + ".Session", cmd.capitalize(), None)
    elif cmd in ("sleep", "wake"):
        emit(MANAGER, BUS + ".Manager", "PrepareForSleep",
             GLib.Variant("(b)", (cmd == "sleep",)))
    elif cmd:
        print("unknown command", repr(cmd), flush=True)
    return True


def on_bus(conn, name):
    state["conn"] = conn
    node = Gio.DBusNodeInfo.new_for_xml(XML)
    conn.register_object(MANAGER, node.interfaces[0], on_call, None, None)
    conn.register_object(SESSION, node.interfaces[1], on_call, None, None)


def on_name(conn, name):
    GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()),
                      GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP, on_stdin)
    print("ready", flush=True)


Gio.bus_own_name(Gio.BusType.SYSTEM, BUS, Gio.BusNameOwnerFlags.NONE,
                 on_bus, on_name, lambda *a: sys.exit(1))
loop = GLib.MainLoop()
loop.run()
