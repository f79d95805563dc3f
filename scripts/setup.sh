#!/usr/bin/env bash
# npm run setup: everything tapegrad needs on a fresh Debian/Ubuntu machine.
# 1. the npm dependencies; 2. the bundles; 3. when no WebGPU adapter is found, the
# Vulkan loader and SwiftShader (Chromium's CPU Vulkan driver) through apt.
set -euo pipefail
cd "$(dirname "$0")/.."
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"

echo "setup: installing npm dependencies"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
echo "setup: building dist/ with esbuild"
node scripts/build.mjs

if node scripts/probe-adapter.mjs 2>/dev/null; then exit 0; fi

if ! command -v apt-get >/dev/null; then
  echo "setup: no WebGPU adapter found, and no apt-get here to install SwiftShader." >&2
  node scripts/probe-adapter.mjs || true
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: no WebGPU adapter found; installing the Vulkan loader and SwiftShader with apt:"
echo "       $sudo apt-get install -y libvulkan1 chromium-common"
$sudo apt-get update -qq
# chromium-common carries SwiftShader on Debian; elsewhere the full chromium package does.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libvulkan1 chromium-common \
  || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libvulkan1 chromium
node scripts/probe-adapter.mjs
