#!/bin/sh
# Vigie — raw capture of a macOS machine's security settings, read-only,
# with nothing but macOS itself. Writes one file per command into a folder;
# `vigie collect --from-captures DIR -o evidence.json` turns it into an
# evidence file anywhere. Formats: docs/captures.md.
#
# Usage:  sudo sh capture-macos.sh /path/to/vigie-capture
#
# Nothing is changed on the Mac and nothing goes on the network (no update
# check, no scan). From the accounts' folders only the few settings listed
# in docs/captures.md are copied; passwords, keys and documents never are.
set -u

SCRIPT_VERSION=1
OUT=${1:-}
if [ -z "$OUT" ]; then
	echo "usage: sudo sh $0 FOLDER" >&2
	exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "run it as administrator: sudo sh $0 $OUT" >&2
	exit 1
fi
# The system's own tools only, in the C locale (dates of `last` in English).
PATH=/usr/bin:/bin:/usr/sbin:/sbin:/usr/libexec
LC_ALL=C
LANG=C
export PATH LC_ALL LANG
umask 077
mkdir -p "$OUT/files" || exit 1

# run FILE COMMAND...: standard output and error into FILE.
run() {
	f=$1
	shift
	"$@" >"$OUT/$f" 2>&1
}

# copy PATH: a settings file under files/, property lists as XML.
copy() {
	src=$1
	[ -e "$src" ] || return 0
	dest="$OUT/files$src"
	mkdir -p "$(dirname "$dest")"
	# Refused (privacy protection without Full Disk Access): say so.
	if ! cat "$src" >/dev/null 2>&1; then
		: >"$dest.denied"
		return 0
	fi
	case "$src" in
	*.plist) plutil -convert xml1 -o "$dest" "$src" 2>/dev/null || cp "$src" "$dest" ;;
	*) cp "$src" "$dest" ;;
	esac
}

# --- system
run sw_vers.txt sw_vers
copy /System/Library/CoreServices/SystemVersion.plist

# --- password policy, accounts
run pwpolicy-getaccountpolicies.txt pwpolicy -getaccountpolicies
run dscl-users.txt dscl . -readall /Users RecordName UniqueID RealName UserShell NFSHomeDirectory AuthenticationAuthority
run dscl-admin.txt dscl . -read /Groups/admin GroupMembership
run last.txt last
copy "/Library/Managed Preferences/com.apple.mobiledevice.passwordpolicy.plist"

# --- screen lock, power
run sysadminctl-screenlock.txt sysadminctl -screenLock status
run pmset-custom.txt pmset -g custom
run pmset-ps.txt pmset -g ps
copy "/Library/Managed Preferences/com.apple.screensaver.plist"
copy /Library/Preferences/com.apple.loginwindow.plist

# --- firewall, Gatekeeper, SIP, FileVault, disks, audit
FW=/usr/libexec/ApplicationFirewall/socketfilterfw
run socketfilterfw-globalstate.txt "$FW" --getglobalstate
run socketfilterfw-blockall.txt "$FW" --getblockall
run socketfilterfw-stealthmode.txt "$FW" --getstealthmode
run socketfilterfw-loggingmode.txt "$FW" --getloggingmode
copy /Library/Preferences/com.apple.alf.plist
copy "/Library/Managed Preferences/com.apple.security.firewall.plist"
run spctl-status.txt spctl --status
run csrutil-status.txt csrutil status
run fdesetup-status.txt fdesetup status
run diskutil-list-external.plist diskutil list -plist external physical
run diskutil-apfs-list.plist diskutil apfs list -plist
copy /etc/security/audit_control

# --- XProtect, updates
copy /Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist
copy /var/protected/xprotect/XProtect.bundle/Contents/Info.plist
copy /Library/Receipts/InstallHistory.plist
copy /Library/Preferences/com.apple.SoftwareUpdate.plist
copy "/Library/Managed Preferences/com.apple.SoftwareUpdate.plist"
run softwareupdate-schedule.txt softwareupdate --schedule

# --- network, Wi-Fi, Bluetooth
run arp-an.txt arp -an
run networksetup-hardwareports.txt networksetup -listallhardwareports
run ifconfig.txt ifconfig
for dev in $(awk '/^Hardware Port: (Wi-Fi|AirPort)/ { getline; print $2 }' "$OUT/networksetup-hardwareports.txt"); do
	case "$dev" in
	*[!A-Za-z0-9]* | "") continue ;;
	esac
	run "networksetup-getairportpower-$dev.txt" networksetup -getairportpower "$dev"
done
copy /Library/Preferences/com.apple.Bluetooth.plist
copy /Library/Preferences/com.apple.wifi.known-networks.plist

# --- applications (names only) and browser policies
for app in /Applications/*.app; do
	[ -d "$app" ] || continue
	mkdir -p "$OUT/files$app" && : >"$OUT/files$app/.captured"
done
copy /Applications/Firefox.app/Contents/Resources/distribution/policies.json
copy "/Library/Managed Preferences/com.apple.applicationaccess.plist"
for domain in com.apple.Safari com.google.Chrome com.microsoft.Edge com.brave.Browser org.mozilla.firefox; do
	copy "/Library/Managed Preferences/$domain.plist"
	copy "/Library/Preferences/$domain.plist"
done

# bool_plist DEST KEY VALUE: a property list holding one boolean.
bool_plist() {
	mkdir -p "$(dirname "$1")"
	case "$3" in
	1 | true | YES) v="<true/>" ;;
	*) v="<false/>" ;;
	esac
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n\t<key>%s</key>\n\t%s\n</dict>\n</plist>\n' "$2" "$v" >"$1"
}

# --- the people's accounts: only the settings Vigie reads
dscl . -list /Users UniqueID | while read -r user uid; do
	[ "$uid" -ge 501 ] 2>/dev/null || continue
	case "$user" in _*) continue ;; esac
	home=$(dscl . -read "/Users/$user" NFSHomeDirectory 2>/dev/null | awk '{ print $2 }')
	[ -n "$home" ] && [ -d "$home" ] || continue
	for f in "$home"/Library/Preferences/ByHost/com.apple.screensaver.*.plist; do
		copy "$f"
	done
	copy "$home/Library/Preferences/com.apple.screensaver.plist"
	for domain in com.apple.screensaver com.apple.Safari com.google.Chrome com.microsoft.Edge com.brave.Browser org.mozilla.firefox; do
		copy "/Library/Managed Preferences/$user/$domain.plist"
	done
	# Safari: AutoFillPasswords only (its container needs Full Disk Access).
	for f in "$home/Library/Containers/com.apple.Safari/Data/Library/Preferences/com.apple.Safari.plist" \
		"$home/Library/Preferences/com.apple.Safari.plist"; do
		[ -e "$f" ] || continue
		if ! cat "$f" >/dev/null 2>&1; then
			mkdir -p "$(dirname "$OUT/files$f")" && : >"$OUT/files$f.denied"
			break
		fi
		v=$(defaults read "${f%.plist}" AutoFillPasswords 2>/dev/null) || v=""
		if [ -n "$v" ]; then
			bool_plist "$OUT/files$f" AutoFillPasswords "$v"
		else
			bool_plist "$OUT/files$f" CapturedWithoutAutoFillPasswords 0
		fi
		break
	done
	# Chromium browsers: the two password keys of each profile only.
	for root in "Google/Chrome" "Microsoft Edge" "BraveSoftware/Brave-Browser"; do
		for p in "$home/Library/Application Support/$root/Default" "$home/Library/Application Support/$root"/Profile\ *; do
			[ -f "$p/Preferences" ] || continue
			dest="$OUT/files$p/Preferences"
			mkdir -p "$(dirname "$dest")"
			c=$(plutil -extract credentials_enable_service raw -o - "$p/Preferences" 2>/dev/null) || c=""
			m=$(plutil -extract profile.password_manager_enabled raw -o - "$p/Preferences" 2>/dev/null) || m=""
			{
				printf '{'
				sep=""
				if [ -n "$c" ]; then printf '"credentials_enable_service":%s' "$c"; sep=","; fi
				if [ -n "$m" ]; then printf '%s"profile":{"password_manager_enabled":%s}' "$sep" "$m"; fi
				printf '}\n'
			} >"$dest"
		done
	done
	# Firefox: profiles.ini and the signon.rememberSignons lines only.
	ff="$home/Library/Application Support/Firefox"
	if [ -f "$ff/profiles.ini" ]; then
		copy "$ff/profiles.ini"
		for p in "$ff"/Profiles/*; do
			for js in prefs.js user.js; do
				[ -f "$p/$js" ] || continue
				mkdir -p "$OUT/files$p"
				grep 'signon\.rememberSignons' "$p/$js" >"$OUT/files$p/$js" 2>/dev/null || : >"$OUT/files$p/$js"
			done
		done
	fi
done

# --- manifest, written last: the folder is complete once it exists
{
	echo "platform=macos"
	echo "host=$(scutil --get ComputerName 2>/dev/null | tr -d '\r')"
	echo "captured_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "script_version=$SCRIPT_VERSION"
} >"$OUT/vigie-capture.txt"
echo "Vigie capture written to $OUT"
