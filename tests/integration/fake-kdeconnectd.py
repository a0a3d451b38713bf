#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# A stand-in for KDE Connect's daemon (kdeconnectd, bus name
# org.kde.kdeconnect) on the test's private session bus: two paired,
# reachable devices, "Pixel" (id 1a2b3c4d5e6f7788) and "Watch phone" (id
# 99aa_bb), as the daemon's
#   /modules/kdeconnect  org.kde.kdeconnect.daemon.deviceNames(bb) -> a{ss}
#   /modules/kdeconnect/devices/ID/ping  org.kde.kdeconnect.device.ping.sendPing(s)
# Every call is printed on standard output, one a line:
#   deviceNames True True
#   ping ID MESSAGE
import sys

from gi.repository import Gio, GLib

BUS = "org.kde.kdeconnect"
DEVICES = {"1a2b3c4d5e6f7788": "Pixel", "99aa_bb": "Watch phone"}
XML = """
<node>
  <interface name="org.kde.kdeconnect.daemon">
    <method name="deviceNames">
      <arg type="b" direction="in"/><arg type="b" direction="in"/>
      <arg type="a{ss}" direction="out"/>
    </method>
  </interface>
  <interface name="org.kde.kdeconnect.device.ping">
    <method name="sendPing"><arg type="s" direction="in"/></method>
  </interface>
</node>
"""


def on_daemon_call(conn, sender, path, iface, method, params, inv):
    args = params.unpack()
    print(method, *args, flush=True)
    inv.return_value(GLib.Variant("(a{ss})", (DEVICES,)))


def ping_call(dev):
    def on_call(conn, sender, path, iface, method, params, inv):
        print("ping", dev, params.unpack()[0], flush=True)
        inv.return_value(None)
    return on_call


def on_bus(conn, name):
    node = Gio.DBusNodeInfo.new_for_xml(XML)
    conn.register_object("/modules/kdeconnect", node.interfaces[0], on_daemon_call, None, None)
    for dev in DEVICES:
        conn.register_object("/modules/kdeconnect/devices/%s/ping" % dev, node.interfaces[1],
                             ping_call(dev), None, None)


Gio.bus_own_name(Gio.BusType.SESSION, BUS, Gio.BusNameOwnerFlags.NONE,
                 on_bus, lambda *a: print("ready", flush=True), lambda *a: sys.exit(1))
GLib.MainLoop().run()
