"""Pickles that leave no UTF-8 copy beside the texts they write (generator/pickling.py)."""

import pickle
import sys

from generator import pickling
from generator.parallel import Task, run_chunk


def test_a_pickled_text_keeps_its_size_and_comes_back_equal_and_once():
    body = "".join(["政府信息公开指南"] * 50)
    ascii_text = "x" * 500
    value = {"body": body, "again": body, "short": "公开", "ascii": ascii_text, "nested": [(body, 1)]}
    size = sys.getsizeof(body)
    data = pickling.dumps(value)
    assert sys.getsizeof(body) == size  # no UTF-8 kept beside it
    back = pickling.loads(data)
    assert back == value
    assert back["body"] is back["again"] is back["nested"][0][0]  # written once, one object again
    pickle.dumps(body)
    assert sys.getsizeof(body) > size  # what the C pickler does, which this guards against


def test_a_worker_task_arrives_as_sent_and_leaves_the_texts_alone():
    body = "".join(["主动公开"] * 100)
    size = sys.getsizeof(body)
    task = pickle.loads(pickle.dumps(Task((sorted, [body, "甲" * 70, "b"], ()))))  # as the pool sends it
    assert sys.getsizeof(body) == size
    assert run_chunk(task) == sorted([body, "甲" * 70, "b"])
