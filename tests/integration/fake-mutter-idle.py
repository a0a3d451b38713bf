#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# A stand-in for GNOME Mutter's org.gnome.Mutter.IdleMonitor on the session
# bus, for the gnome idle backend's test. Scripted: an idle watch fires
# IDLE_AFTER seconds after it is added; a user-active watch fires
# ACTIVE_AFTER seconds after it is added. Every call is logged on stdout.
import os
import sys

from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.gnome.Mutter.IdleMonitor">
    <method name="GetIdletime"><arg type="t" direction="out"/></method>
    <method name="AddIdleWatch">
      <arg type="t" direction="in"/><arg type="u" direction="out"/>
    </method>
    <method name="AddUserActiveWatch"><arg type="u" direction="out"/></method>
    <method name="RemoveWatch"><arg type="u" direction="in"/></method>
    <signal name="WatchFired"><arg type="u"/></signal>
  </interface>
</node>
"""
PATH = "/org/gnome/Mutter/IdleMonitor/Core"
IDLE_AFTER = float(os.environ.get("IDLE_AFTER", "1"))
ACTIVE_AFTER = float(os.environ.get("ACTIVE_AFTER", "8"))
state = {"next": 1, "conn": None}


def fire(wid):
    print("fire", wid, flush=True)
    state["conn"].emit_signal(None, PATH, "org.gnome.Mutter.IdleMonitor", "WatchFired",
                              GLib.Variant("(u)", (wid,)))
    return False


def on_call(conn, sender, path, iface, method, params, inv):
    print(method, params.unpack(), flush=True)
    if method == "GetIdletime":
        inv.return_value(GLib.Variant("(t)", (0,)))
    elif method in ("AddIdleWatch", "AddUserActiveWatch"):
        wid = state["next"]
        state["next"] += 1
        delay = IDLE_AFTER if method == "AddIdleWatch" else ACTIVE_AFTER
        GLib.timeout_add(int(delay * 1000), fire, wid)
        inv.return_value(GLib.Variant("(u)", (wid,)))
    else:
        inv.return_value(None)


def on_bus(conn, name):
    state["conn"] = conn
    node = Gio.DBusNodeInfo.new_for_xml(XML)
    conn.register_object(PATH, node.interfaces[0], on_call, None, None)


def on_name(conn, name):
    print("ready", flush=True)


Gio.bus_own_name(Gio.BusType.SESSION, "org.gnome.Mutter.IdleMonitor",
                 Gio.BusNameOwnerFlags.NONE, on_bus, on_name, lambda *a: sys.exit(1))
GLib.MainLoop().run()
