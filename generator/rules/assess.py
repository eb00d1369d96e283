"""Findings of the self-inspection (PL9xx): ``powerlist assess`` emits them itself, on the scoring table
(generator/assess/table.py: PL901-PL903, PL907), on the office's assessment.yaml (PL904-PL906, PL908)
and on the version it compares with (PL909). Registered here for the docs (``powerlist rules``,
docs/rules.md); they are no check rules: ``powerlist check`` never runs or reports them."""

from __future__ import annotations

from . import assess_rule

assess_rule("PL901", "part-points-mismatch", "核对各项分值，或改正项目分值", """
    In a scoring table (`powerlist assess --table`), a part's `points` differ from the sum of its
    items' points.

    **Why**: the table's total and its grade bands rest on the parts' points; a part whose items add up
    to more or less than it is worth would score the office on a table the inspectors did not issue.

    **Bad**
    ```yaml
    parts:
      - name: 廉政风险等级划分情况
        points: 12
        items:
          - {id: "3.1", points: 8, text: 按要求划分一、二、三级风险岗位，有档案}
          - {id: "3.2", points: 5, text: 建立健全内控管理机制}
    ```

    **Good**
    ```yaml
    parts:
      - name: 廉政风险等级划分情况
        points: 12
        items:
          - {id: "3.1", points: 8, text: 按要求划分一、二、三级风险岗位，有档案}
          - {id: "3.2", points: 4, text: 建立健全内控管理机制}
    ```

    **Fix**: check each item's points against the table as issued, or correct the part's points; the
    message gives both numbers. No report is written until the table adds up.
    """)

assess_rule("PL902", "unknown-measure", "改用 powerlist assess --measures 列出的口径名称（docs/assess.md）", """
    An item of a scoring table names a measure (`measures`) that powerlist does not have; the hint lists
    the measures there are.

    **Why**: an item's score is computed from its measures; a misspelt one would compute nothing, and the
    item would be scored on the others alone or not at all.

    **Bad**
    ```yaml
    parts:
      - name: 廉政风险点排查情况
        points: 4
        items:
          - {id: "2.4", points: 4, text: 汇总形成《廉政风险点和防控措施登记表》, measures: [registry]}
    ```

    **Good**
    ```yaml
    parts:
      - name: 廉政风险点排查情况
        points: 4
        items:
          - {id: "2.4", points: 4, text: 汇总形成《廉政风险点和防控措施登记表》, measures: [register]}
    ```

    **Fix**: use a name that `powerlist assess --measures` lists (docs/assess.md explains each), or
    leave `measures` out for an item the office fills in itself.
    """)

assess_rule("PL903", "duplicate-item-id", "每项的编号须唯一", """
    Two items of a scoring table have the same `id`.

    **Why**: the office's assessment.yaml and the comparison with an earlier version find an item by its
    id; with two items of one id, evidence and self-scores would go to either.

    **Bad**
    ```yaml
    parts:
      - name: 廉政风险等级划分情况
        points: 12
        items:
          - {id: "3.1", points: 8, text: 按要求划分一、二、三级风险岗位，有档案}
          - {id: "3.1", points: 4, text: 建立健全内控管理机制}
    ```

    **Good**
    ```yaml
    parts:
      - name: 廉政风险等级划分情况
        points: 12
        items:
          - {id: "3.1", points: 8, text: 按要求划分一、二、三级风险岗位，有档案}
          - {id: "3.2", points: 4, text: 建立健全内控管理机制}
    ```

    **Fix**: number the items as the table issued does; quote the ids (`"3.1"`) so that YAML keeps them as
    text.
    """)

assess_rule("PL904", "unknown-item-id", "改用评分表中已有的编号", """
    An entry of the office's assessment.yaml names an item `id` that the scoring table does not have;
    the hint lists the table's ids.

    **Why**: the evidence and self-score of such an entry belong to no item and would be lost from the
    report without anyone noticing.

    **Bad**
    ```yaml
    items:
      - {id: "2.5", evidence: 廉政风险防范承诺书 42 份（存办公室）, score: 4}
    ```

    **Good**
    ```yaml
    items:
      - {id: "2.3", evidence: 廉政风险防范承诺书 42 份（存办公室）, score: 4}
    ```

    **Fix**: write the id of the item as the scoring table numbers it (the report's 编号 column), quoted.
    """)

assess_rule("PL905", "self-score-on-computed-item", "删去 score，只写 evidence（佐证材料）", """
    An entry of assessment.yaml gives a self-score (`score`) to an item that powerlist computes from the
    catalogue (an item with `measures` in the scoring table).

    **Why**: a computed item's score is what the catalogue shows; a self-score beside it would count the
    item twice or hide what the catalogue still lacks.

    **Bad**
    ```yaml
    items:
      - {id: "2.1", evidence: 各股室职责说明和流程图, score: 4}
    ```

    **Good**
    ```yaml
    items:
      - {id: "2.1", evidence: 各股室职责说明和流程图}
    ```

    **Fix**: remove `score` and keep the evidence; to raise the computed score, complete the catalogue
    where the report's 待改进 list says.
    """)

assess_rule("PL906", "self-score-over-points", "写 0 到该项分值之间的分数", """
    An entry of assessment.yaml gives an item a self-score (`score`) above the item's points in the
    scoring table.

    **Why**: an item cannot earn more than it is worth; the total and the grade would be overstated.

    **Bad**
    ```yaml
    items:
      - {id: "1.2", evidence: 动员会议纪要, score: 5}
    ```

    **Good**
    ```yaml
    items:
      - {id: "1.2", evidence: 动员会议纪要, score: 2}
    ```

    **Fix**: score between 0 and the item's points (the message gives both).
    """)

assess_rule("PL907", "grades-without-floor", "例如：优秀 90、良好 80、合格 60、不合格 0", """
    The grades (`grades`) of a scoring table have no grade starting at 0, or two grades with the same
    minimum (`min`).

    **Why**: every score must fall in exactly one grade; without a grade from 0 a low score would have
    none, and of two grades with one minimum either could be given.

    **Bad**
    ```yaml
    grades:
      - {name: 优秀, min: 90}
      - {name: 良好, min: 80}
      - {name: 合格, min: 60}
    ```

    **Good**
    ```yaml
    grades:
      - {name: 优秀, min: 90}
      - {name: 良好, min: 80}
      - {name: 合格, min: 60}
      - {name: 不合格, min: 0}
    ```

    **Fix**: give each grade its own minimum, and the lowest grade `min: 0`.
    """)

assess_rule("PL908", "item-entered-twice", "把同一项的佐证材料合并写在一处", """
    The office's assessment.yaml has two entries for the same item `id`.

    **Why**: the report shows one entry per item; of two, one's evidence or self-score would be dropped.

    **Bad**
    ```yaml
    items:
      - {id: "1.1", evidence: 局党组会议纪要〔2026〕3号, score: 4}
      - {id: "1.1", evidence: 领导小组成员名单}
    ```

    **Good**
    ```yaml
    items:
      - {id: "1.1", evidence: 局党组会议纪要〔2026〕3号；领导小组成员名单, score: 4}
    ```

    **Fix**: merge the entries: all the item's evidence in one, and at most one self-score.
    """)

assess_rule("PL909", "comparison-unreadable", "--against 写 git 版本号、标签或另一个项目目录", """
    The version named with `powerlist assess --against` cannot be read: it is neither a project folder
    nor a revision (commit, tag, branch) of the project's git repository, or the project is not in git.
    The message gives the reason.

    **Why**: the comparison was asked for by name; the report does not leave it out silently. (The
    last release tag, used when `--against` is not given, is skipped when it cannot be read.)

    **Bad**
    ```sh
    powerlist assess --against qlqd-2099-01     # no such tag
    ```

    **Good**
    ```sh
    git tag --list 'qlqd-*'                    # the versions there are
    powerlist assess --against qlqd-2026-01
    ```

    **Fix**: name a commit, tag or branch of the project's repository, or another project folder.
    """)
