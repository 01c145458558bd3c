#!/usr/bin/env python3
"""Derives what tccli prints for each case of cases.json, from the answers
in answers.json, for pcctl's golden tests (tccli itself cannot be
installed here: PyPI is unreachable).

What tccli does, as its public source shows (TencentCloud/tencentcloud-cli,
tccli/services/scf/scf_client.py and tccli/format_output.py; the SDK's
tencentcloud/common/abstract_model.py and tencentcloud/scf/v20180416/models.py):

  1. the answer's Response is deserialised into the SDK's response model
     and serialised back with to_json_string(), which writes every member
     of the model in its declared order, None (null) for members the answer
     lacks, and drops fields the model does not declare;
  2. --filter is applied with the jmespath package;
  3. json: if the result is truthy, print(json.dumps(result,
     ensure_ascii=False, indent=4)) and then one more newline;
     text: a copy of the aws CLI's text formatter; table: the aws CLI's
     MultiTable built as the aws CLI's TableFormatter does, titled "action",
     with a scalar result shown as a one-cell row.

This script re-implements step 1 for the three models involved, and runs
steps 2 and 3 with the jmespath package and the aws CLI's own formatter
modules (Debian's awscli), which tccli's copies follow.

Run: python3 derive.py   (writes <case>.stdout next to this file)
"""

import io
import json
import os
import sys

import jmespath
from awscli import text
from awscli.formatter import TableFormatter
from awscli.table import MultiTable, Styler

HERE = os.path.dirname(os.path.abspath(__file__))

# Model members, in declaration order (tencentcloud-sdk-python models.py).
TRIGGER_ACTION = ["TriggerName", "TriggerProvisionedConcurrencyNum", "TriggerCronConfig", "ProvisionedType"]
VERSION_INFO = ["AllocatedProvisionedConcurrencyNum", "AvailableProvisionedConcurrencyNum", "Status",
                "StatusReason", "Qualifier", "TriggerActions"]
GET_RESPONSE = ["UnallocatedConcurrencyNum", "Allocated", "RequestId"]
REQUEST_ID_RESPONSE = ["RequestId"]


def model(params, members, nested=None):
    """Deserialise params into a model and serialise it back."""
    nested = nested or {}
    out = {}
    for name in members:
        value = params.get(name)
        if name in nested and value is not None:
            value = [nested[name](item) for item in value]
        out[name] = value
    return out


def version_info(params):
    return model(params, VERSION_INFO, {"TriggerActions": lambda p: model(p, TRIGGER_ACTION)})


def response_model(answer_key, response):
    if answer_key.startswith("GetProvisionedConcurrencyConfig"):
        return model(response, GET_RESPONSE, {"Allocated": version_info})
    return model(response, REQUEST_ID_RESPONSE)


class _Args:
    color = "off"
    query = None


class _TableResult(TableFormatter):
    """The aws CLI's table building, with tccli's scalar row."""

    def __init__(self):
        super().__init__(_Args())
        self.table = MultiTable(initial_section=False, column_separator="|", styler=Styler())

    def _build_table(self, title, current, indent_level=0):
        if current and not isinstance(current, (list, dict)):
            if title is not None:
                self.table.new_section(title, indent_level=indent_level)
            self.table.add_row([current])
            return True
        return super()._build_table(title, current, indent_level)


def render(output, result):
    stream = io.StringIO()
    if output == "json":
        if result:
            stream.write(json.dumps(result, ensure_ascii=False, indent=4) + "\n")
            stream.write("\n")
    elif output == "text":
        text.format_text(result, stream)
    elif output == "table":
        table = _TableResult()
        if table._build_table("action", result):
            table.table.render(stream)
    return stream.getvalue()


def main():
    with open(os.path.join(HERE, "answers.json"), encoding="utf-8") as f:
        answers = json.load(f)
    with open(os.path.join(HERE, "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)
    for case in cases:
        response = json.loads(answers[case["answer"]])["Response"]
        result = json.loads(json.dumps(response_model(case["answer"], response)))
        if case.get("filter"):
            result = jmespath.compile(case["filter"]).search(result)
        with open(os.path.join(HERE, case["name"] + ".stdout"), "w", encoding="utf-8") as f:
            f.write(render(case["output"], result))


if __name__ == "__main__":
    sys.exit(main())
