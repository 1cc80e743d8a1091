#!/usr/bin/env python3
"""Run the REAL Gemini CLI for one scripted tool call against a fake Gemini API on loopback.

The pattern of ../shared/harness (Claude Code and Codex), extended to Gemini CLI: the program
itself runs, only the model is scripted. The fake API (`generateContent` /
`streamGenerateContent` of the Generative Language API, which Gemini CLI reaches through
GOOGLE_GEMINI_BASE_URL) answers the first turn with one function call (--tool, --input), and
every later turn with a final text. The project directory given with --project-dir is copied
(as the harness's installer mode does) and Gemini CLI runs in the copy, so the hooks that decide
are the ones an installer wrote there. Two recorders are appended to the user settings of a
scratch HOME: an AfterTool hook that only records its stdin (it fires only when the tool really
ran) and nothing else that decides.

Prints ONE JSON line (the verdict):
  tool_executed    the AfterTool recorder fired for the call (the tool ran)
  after_tool_stdin the payload Gemini CLI gave AfterTool hooks (when it ran)
  function_response what Gemini CLI sent back to the model for the call (the result, or the
                   block message), or null if the turn never got there
  gemini_hook_message a hook's `systemMessage` as Gemini CLI printed it (an `ask` shows one)
  probe            {rc, out} of --probe run after the case (the side effect on disk)
  requests         how many model requests the CLI made; stray: requests the fake did not expect
  gemini_rc, gemini_stderr_tail
Exit 0 when the harness worked (whatever the hooks decided), 2 when it failed, 64 on bad
arguments. {PROJ} and {HOME} in --input, --setup and --probe are the copies' paths.

Needs python3 (stdlib only) and Gemini CLI (AGSEC_GEMINI_BIN). Network isolation is the
caller's (scripts/e2e-agents.sh runs this under `unshare -n` when it can).
"""

import argparse
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

MODEL = "gemini-2.5-flash"


class FakeApi(http.server.BaseHTTPRequestHandler):
    """The scripted model: one function call, then a final answer."""

    protocol_version = "HTTP/1.1"
    script = {}
    log = []
    function_responses = []
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.reply_json(404, {"error": {"code": 404, "message": "not found", "status": "NOT_FOUND"}})

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        with self.lock:
            self.log.append({"path": self.path, "body": body})
        if ":countTokens" in self.path:
            return self.reply_json(200, {"totalTokens": 10})
        if ":embedContent" in self.path or ":batchEmbedContents" in self.path:
            return self.reply_json(200, {"embedding": {"values": [0.0]}})
        if ":generateContent" not in self.path and ":streamGenerateContent" not in self.path:
            return self.reply_json(404, {"error": {"code": 404, "message": "unexpected", "status": "NOT_FOUND"}})
        response = self.answer(body)
        if ":streamGenerateContent" in self.path:
            data = ("data: " + json.dumps(response) + "\r\n\r\n").encode()
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        else:
            self.reply_json(200, response)

    def answer(self, body):
        contents = body.get("contents") or []
        config = body.get("generationConfig") or body.get("config") or {}
        parts = [p for c in contents for p in (c.get("parts") or [])]
        responses = [p["functionResponse"] for p in parts if isinstance(p, dict) and "functionResponse" in p]
        if responses:
            with self.lock:
                self.function_responses.extend(responses)
            return text_response("done")
        if config.get("responseMimeType") == "application/json" or not body.get("tools"):
            # Utility calls (next-speaker check, routing, loop detection): a neutral JSON answer.
            return text_response(json.dumps({
                "reasoning": "scripted", "next_speaker": "user", "model_choice": "flash",
                "is_stuck": False, "confidence": 0.0,
            }))
        call = {"name": self.script["tool"], "args": self.script["input"]}
        return {
            "candidates": [{
                "content": {"role": "model", "parts": [{"functionCall": call}]},
                "finishReason": "STOP", "index": 0,
            }],
            "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 5, "totalTokenCount": 15},
            "modelVersion": MODEL,
        }

    def reply_json(self, status, value):
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def text_response(text):
    return {
        "candidates": [{
            "content": {"role": "model", "parts": [{"text": text}]},
            "finishReason": "STOP", "index": 0,
        }],
        "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 1, "totalTokenCount": 11},
        "modelVersion": MODEL,
    }


def fill(text, proj, home):
    return text.replace("{PROJ}", proj).replace("{HOME}", home)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project-dir", required=True)
    parser.add_argument("--tool", required=True, help="Gemini CLI tool name (run_shell_command …)")
    parser.add_argument("--input", required=True, help="the tool's arguments, a JSON object")
    parser.add_argument("--setup", default="", help="shell command run before the case")
    parser.add_argument("--probe", default="", help="shell command run after the case")
    parser.add_argument("--approval-mode", default="yolo")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()

    gemini = os.environ.get("AGSEC_GEMINI_BIN", "/tmp/gemini-cli/node_modules/.bin/gemini")
    if not os.access(gemini, os.X_OK):
        print(json.dumps({"error": f"no Gemini CLI at {gemini} (set AGSEC_GEMINI_BIN)"}))
        return 2

    work = tempfile.mkdtemp(prefix="agsec-gemini-")
    proj = os.path.join(work, "proj")
    home = os.path.join(work, "home")
    shutil.copytree(args.project_dir, proj, symlinks=True)
    os.makedirs(os.path.join(home, ".gemini"))
    try:
        tool_input = json.loads(fill(args.input, proj, home))
    except ValueError as err:
        print(json.dumps({"error": f"--input is not JSON: {err}"}))
        return 64

    # The recorder: an AfterTool hook in the user settings that saves its stdin and says nothing.
    rec_dir = os.path.join(work, "rec")
    os.makedirs(rec_dir)
    recorder = os.path.join(work, "record-after.sh")
    with open(recorder, "w") as f:
        f.write(f"#!/bin/sh\ncat > \"$(mktemp {rec_dir}/after-XXXXXX)\"\nexit 0\n")
    os.chmod(recorder, 0o755)
    user_settings = {
        "hooks": {"AfterTool": [{"matcher": "*", "hooks": [
            {"type": "command", "command": recorder, "name": "harness recorder", "timeout": 10000}]}]},
        "security": {"auth": {"selectedType": "gemini-api-key"}, "folderTrust": {"enabled": True}},
        "general": {"disableAutoUpdate": True, "disableUpdateNag": True},
        "privacy": {"usageStatisticsEnabled": False},
        "telemetry": {"enabled": False},
        "model": {"name": MODEL},
    }
    with open(os.path.join(home, ".gemini", "settings.json"), "w") as f:
        json.dump(user_settings, f, indent=2)

    FakeApi.script = {"tool": args.tool, "input": tool_input}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    if args.setup:
        subprocess.run(fill(args.setup, proj, home), shell=True, cwd=proj)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("GEMINI_", "GOOGLE_"))}
    env.update({
        "HOME": home,
        "GEMINI_API_KEY": "fake-key",
        "GOOGLE_GEMINI_BASE_URL": f"http://127.0.0.1:{port}",
        "GEMINI_CLI_TRUST_WORKSPACE": "true",
        "GEMINI_CLI_NO_RELAUNCH": "true",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "NO_COLOR": "1",
        "CI": "1",
    })
    started = time.time()
    try:
        run = subprocess.run(
            [gemini, "-m", MODEL, "--approval-mode", args.approval_mode, "-o", "json",
             "-p", "Do the one thing you are asked."],
            cwd=proj, env=env, capture_output=True, text=True, timeout=args.timeout,
            stdin=subprocess.DEVNULL)
        rc, out, err = run.returncode, run.stdout, run.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = None, e.stdout or "", (e.stderr or "") if isinstance(e.stderr, str) else ""
    server.shutdown()

    after = []
    for name in sorted(os.listdir(rec_dir)):
        try:
            with open(os.path.join(rec_dir, name)) as f:
                after.append(json.load(f))
        except (OSError, ValueError):
            pass
    probe = None
    if args.probe:
        p = subprocess.run(fill(args.probe, proj, home), shell=True, cwd=proj,
                           capture_output=True, text=True)
        probe = {"rc": p.returncode, "out": p.stdout[-500:]}
    responses = FakeApi.function_responses
    verdict = {
        "tool": args.tool,
        "tool_executed": any(a.get("tool_name") == args.tool for a in after),
        "after_tool_stdin": after[0] if after else None,
        "function_response": responses[0] if responses else None,
        "probe": probe,
        "gemini_hook_message": next(
            (line.split(":", 1)[1].strip() for line in (err or "").splitlines()
             if line.startswith("Hook system message:")), None),
        "requests": len(FakeApi.log),
        "gemini_rc": rc,
        "gemini_stdout_tail": out[-1500:] if isinstance(out, str) else "",
        "gemini_stderr_tail": err[-1500:] if isinstance(err, str) else "",
        "duration_s": round(time.time() - started, 2),
    }
    if args.keep:
        verdict["workdir"] = work
        with open(os.path.join(work, "requests.json"), "w") as f:
            json.dump(FakeApi.log, f, indent=1)
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(verdict))
    return 0


if __name__ == "__main__":
    sys.exit(main())
