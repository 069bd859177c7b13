print("ADQLBench: not written yet")
