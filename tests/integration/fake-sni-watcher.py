#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# A minimal org.kde.StatusNotifierWatcher on the session bus, for the tray
# test at the D-Bus level (the real tray host, waybar, is in the e2e test):
# it takes the name, answers RegisterStatusNotifierItem, logs every
# registration ("register SERVICE") and every NewIcon / NewStatus /
# NewToolTip signal of a registered item ("signal NAME") on stdout.
from gi.repository import Gio, GLib

XML = """
<node>
  <interface name="org.kde.StatusNotifierWatcher">
    <method name="RegisterStatusNotifierItem"><arg type="s" direction="in"/></method>
    <method name="RegisterStatusNotifierHost"><arg type="s" direction="in"/></method>
    <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
    <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
    <property name="ProtocolVersion" type="i" access="read"/>
    <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
  </interface>
</node>
"""
items = []


def on_signal(conn, sender, path, iface, name, params):
    print("signal", name, flush=True)


def on_call(conn, sender, path, iface, method, params, inv):
    if method == "RegisterStatusNotifierItem":
        service = params.unpack()[0]
        items.append(service)
        print("register", service, flush=True)
        conn.signal_subscribe(service, "org.kde.StatusNotifierItem", None, None, None,
                              Gio.DBusSignalFlags.NONE, on_signal)
    inv.return_value(None)


def on_get(conn, sender, path, iface, prop):
    if prop == "RegisteredStatusNotifierItems":
        return GLib.Variant("as", items)
    if prop == "IsStatusNotifierHostRegistered":
        return GLib.Variant("b", True)
    return GLib.Variant("i", 0)


def on_bus(conn, name):
    node = Gio.DBusNodeInfo.new_for_xml(XML)
    conn.register_object("/StatusNotifierWatcher", node.interfaces[0], on_call, on_get, None)


def on_name(conn, name):
    print("ready", flush=True)


Gio.bus_own_name(Gio.BusType.SESSION, "org.kde.StatusNotifierWatcher",
                 Gio.BusNameOwnerFlags.NONE, on_bus, on_name, None)
GLib.MainLoop().run()
