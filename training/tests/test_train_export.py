"""End to end: a tiny training run on fabricated prepared cases, then export and the baselines."""

import contextlib
import hashlib
import io
import json
import os
import shutil
import tempfile
import unittest

import nibabel as nib
import numpy as np
import onnx
import torch

from hemtrain import baselines, export, fromonnx, onnxref, train
from hemtrain.network import ExportWrapper, build
from tests import fixtures


def _train(args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = train.main(args)
    return rc, out.getvalue()


class TrainExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        t = cls.tmp.name
        cls.train_dir = os.path.join(t, "train")
        cls.val_dir = os.path.join(t, "val")
        fixtures.make_prepared(cls.train_dir, n=3, seed=0)
        fixtures.make_prepared(cls.val_dir, n=2, seed=10)
        cls.run_dir = os.path.join(t, "run")
        cls.common = ["--prepared", cls.train_dir, "--val", cls.val_dir, "--epochs", "2", "--patches-per-epoch", "4",
                      "--batch", "2", "--val-patches", "4", "--widths", "4,8,16", "--seed", "7", "--device", "cpu"]
        cls.rc, cls.log = _train(cls.common + ["--out", cls.run_dir, "--augment", "--aug-pairs", "1"])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_training_run(self):
        self.assertEqual(self.rc, 0)
        self.assertIn("epoch   2/2", self.log)
        self.assertTrue(os.path.exists(os.path.join(self.run_dir, "best.pt")))
        with open(os.path.join(self.run_dir, "training-log.json")) as f:
            log = json.load(f)
        self.assertEqual(len(log["epochs"]), 2)
        self.assertEqual(log["realPairs"], 3)
        self.assertEqual(log["syntheticPairs"], 3)
        self.assertTrue(os.path.exists(os.path.join(self.train_dir, "augmented", "case-0001", "pair-1",
                                                    "followup.mask.nii.gz")))
        for e in log["epochs"]:
            self.assertTrue(np.isfinite(e["train"]["loss"]) and np.isfinite(e["val"]["loss"]))

    def test_deterministic_on_cpu(self):
        a = os.path.join(self.tmp.name, "det-a")
        b = os.path.join(self.tmp.name, "det-b")
        args = self.common[:]
        args[args.index("--epochs") + 1] = "1"
        _train(args + ["--out", a, "--no-augment", "--quiet"])
        _train(args + ["--out", b, "--no-augment", "--quiet"])
        logs = []
        for d in (a, b):
            with open(os.path.join(d, "training-log.json")) as f:
                logs.append(json.load(f))
        self.assertEqual(logs[0]["syntheticPairs"], 0)
        self.assertEqual(logs[0]["epochs"][0]["train"], logs[1]["epochs"][0]["train"])
        self.assertEqual(logs[0]["epochs"][0]["val"], logs[1]["epochs"][0]["val"])

    def test_export(self):
        model_dir = os.path.join(self.tmp.name, "models", "hem-expansion")
        ev = os.path.join(self.tmp.name, "eval.json")
        with open(ev, "w") as f:
            json.dump({"cases": [{"case": "case-0001"}], "overall": {"meanDice": 0.9}}, f)
        with contextlib.redirect_stdout(io.StringIO()):
            rc = export.main(["--checkpoint", os.path.join(self.run_dir, "best.pt"), "--out", model_dir,
                              "--prepared", self.val_dir, "--evaluation", ev])
        self.assertEqual(rc, 0)
        onnx_path = os.path.join(model_dir, "model.onnx")
        model = onnx.load(onnx_path)
        onnx.checker.check_model(model, full_check=True)
        self.assertEqual([i.name for i in model.graph.input], ["input"])
        self.assertEqual([o.name for o in model.graph.output], ["followup_mask"])
        self.assertEqual({o.domain or "": o.version for o in model.opset_import}[""], 17)
        self.assertLess(os.path.getsize(onnx_path), 20 * 1024 * 1024)
        with open(os.path.join(model_dir, "model.json")) as f:
            card = json.load(f)
        with open(onnx_path, "rb") as f:
            self.assertEqual(card["onnxSha256"], hashlib.sha256(f.read()).hexdigest())
        self.assertEqual(card["inputs"][0]["shape"], [-1, 2, 32, 32, 32])
        self.assertEqual(card["inputs"][0]["channels"], ["ct-brain-window", "baseline-mask"])
        self.assertEqual(card["outputs"][0]["name"], "followup_mask")
        self.assertEqual(card["outputs"][0]["shape"], [-1, 1, 32, 32, 32])
        for key, value in (("opset", 17), ("axisOrder", "zyx"), ("spacingMm", [1.5, 1.5, 1.5]),
                           ("patchSize", [32, 32, 32]), ("roiMarginMm", 20), ("threshold", 0.5),
                           ("intensityNormalisation", "hu-clip-0-100-unit"), ("outsideBrain", "zero"),
                           ("onnxFile", "model.onnx"), ("name", "hem-expansion")):
            self.assertEqual(card[key], value, key)
        self.assertEqual(card["slidingWindow"], {"overlap": 0.6, "weighting": "gaussian", "sigmaFraction": 0.125})
        self.assertIn("synthetic data only", card["trainingData"])
        self.assertEqual(card["evaluation"]["overall"]["meanDice"], 0.9)
        self.assertNotIn("cases", card["evaluation"])
        self.assertEqual(card["training"]["epochsRun"], 2)
        # the reference pair: a prepared patch with hematoma, and PyTorch's output for it
        ref_dir = os.path.join(model_dir, "reference")
        with open(os.path.join(ref_dir, "reference.json")) as f:
            ref = json.load(f)
        self.assertEqual(ref["input"], {"file": "input.f32", "shape": [1, 2, 32, 32, 32]})
        self.assertEqual(ref["output"], {"file": "output.f32", "shape": [1, 1, 32, 32, 32]})
        self.assertEqual(ref["tolerance"], 1e-4)
        x = np.fromfile(os.path.join(ref_dir, "input.f32"), dtype="<f4").reshape(1, 2, 32, 32, 32)
        y = np.fromfile(os.path.join(ref_dir, "output.f32"), dtype="<f4").reshape(1, 1, 32, 32, 32)
        self.assertGreater(int((x[0, 1] > 0.5).sum()), 50)
        ckpt = train.load_checkpoint(os.path.join(self.run_dir, "best.pt"))
        net = build(ckpt["config"])
        net.load_state_dict(ckpt["model"])
        with torch.no_grad():
            want = ExportWrapper(net.eval())(torch.from_numpy(x)).numpy()
        np.testing.assert_allclose(y, want, atol=1e-6)
        # the graph itself, run node by node, agrees with PyTorch (onnxruntime is not installed in Python)
        got = onnxref.run(model, {"input": np.concatenate([x, x], axis=0)})["followup_mask"]
        self.assertEqual(got.shape, (2, 1, 32, 32, 32))
        self.assertLess(float(np.abs(got - np.concatenate([y, y])).max()), 1e-4)
        self.assertLess(card["exportCheck"]["graphVsPytorch"]["maxAbsDifferenceBatch2"], 1e-4)
        # --card-only keeps the ONNX file and refreshes the evaluation
        with open(ev, "w") as f:
            json.dump({"model": {"overall": {"meanDice": 0.8}}}, f)
        with contextlib.redirect_stdout(io.StringIO()):
            export.main(["--card-only", "--out", model_dir, "--evaluation", ev])
        with open(os.path.join(model_dir, "model.json")) as f:
            card2 = json.load(f)
        self.assertEqual(card2["onnxSha256"], card["onnxSha256"])
        self.assertEqual(card2["evaluation"], {"model": {"overall": {"meanDice": 0.8}}})

    def _exported_copy(self, name):
        """A private copy of one export of the run (exported once per class: the export runs the graph node by node)."""
        cls = type(self)
        if not hasattr(cls, "_export_dir"):
            cls._export_dir = os.path.join(self.tmp.name, "models", "exported-once")
            with contextlib.redirect_stdout(io.StringIO()):
                export.main(["--checkpoint", os.path.join(self.run_dir, "best.pt"), "--out", cls._export_dir,
                             "--prepared", self.val_dir])
        model_dir = os.path.join(self.tmp.name, "models", name)
        shutil.copytree(cls._export_dir, model_dir)
        return model_dir

    def test_checkpoint_recovered_from_the_exported_folder(self):
        model_dir = self._exported_copy("recover")
        out = os.path.join(self.tmp.name, "recovered", "shipped.pt")
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(fromonnx.main(["--model", model_dir, "--out", out]), 0)
        original = train.load_checkpoint(os.path.join(self.run_dir, "best.pt"))
        recovered = train.load_checkpoint(out)
        self.assertEqual(recovered["config"], original["config"])
        self.assertEqual(sorted(recovered["model"]), sorted(original["model"]))
        for name, value in original["model"].items():
            self.assertTrue(torch.equal(recovered["model"][name], value), name)
        # training continues from it
        rc, log = _train(self.common + ["--out", os.path.join(self.tmp.name, "continued"), "--no-augment",
                                        "--epochs", "1", "--init", out])
        self.assertEqual(rc, 0)
        self.assertIn("initialised from", log)

    def test_recovery_refuses_a_folder_that_does_not_match_its_card(self):
        model_dir = self._exported_copy("tampered")
        card_path = os.path.join(model_dir, "model.json")
        with open(card_path) as f:
            card = json.load(f)
        card["training"]["network"]["widths"] = [4, 8, 16, 32]
        with open(card_path, "w") as f:
            json.dump(card, f)
        with self.assertRaisesRegex(fromonnx.RecoveryError, "graph has no weights"):
            fromonnx.recover(model_dir)
        card["training"]["network"]["widths"] = [4, 8, 16]
        with open(card_path, "w") as f:
            json.dump(card, f)
        # a reference output that the weights do not give
        out_path = os.path.join(model_dir, "reference", "output.f32")
        y = np.fromfile(out_path, dtype="<f4")
        (1.0 - y).astype("<f4").tofile(out_path)
        with self.assertRaisesRegex(fromonnx.RecoveryError, "does not reproduce the reference pair"):
            fromonnx.recover(model_dir)
        # a model file that is not the one the card describes
        with open(os.path.join(model_dir, "model.onnx"), "ab") as f:
            f.write(b"\0")
        target = os.path.join(self.tmp.name, "refused", "x.pt")
        with contextlib.redirect_stderr(io.StringIO()) as err:
            self.assertEqual(fromonnx.main(["--model", model_dir, "--out", target]), 2)
        self.assertIn("SHA-256 differs", err.getvalue())
        self.assertFalse(os.path.exists(target))


class BaselinesTest(unittest.TestCase):
    def test_no_growth_and_dilation(self):
        with tempfile.TemporaryDirectory() as t:
            data = os.path.join(t, "synth")
            mask, affine = fixtures.make_synth_case(data, "case-0001", growth_ml=2.0)
            fixtures.make_synth_case(data, "case-0002", radius_mm=11.0, growth_ml=4.0)
            self.assertAlmostEqual(baselines.mean_growth_ml(data), 3.0)
            spacing = (0.5, 0.5, 5.0)
            voxel_ml = 0.5 * 0.5 * 5.0 / 1000.0
            with contextlib.redirect_stdout(io.StringIO()):
                baselines.main(["--data", data, "--out", os.path.join(t, "ng"), "--kind", "no-growth"])
                baselines.main(["--data", data, "--out", os.path.join(t, "dil"), "--kind", "dilation",
                                "--train", data])
            img = nib.load(os.path.join(t, "ng", "case-0001", "prediction.mask.nii.gz"))
            np.testing.assert_array_equal(np.asarray(img.dataobj), mask)
            np.testing.assert_allclose(img.affine, affine)
            self.assertEqual(img.get_data_dtype(), np.uint8)
            img = nib.load(os.path.join(t, "dil", "case-0001", "prediction.mask.nii.gz"))
            grown = np.asarray(img.dataobj).astype(bool)
            np.testing.assert_allclose(img.affine, affine)
            self.assertEqual(img.shape, mask.shape)
            self.assertTrue((grown >= mask.astype(bool)).all())
            added_ml = (grown.sum() - mask.sum()) * voxel_ml
            self.assertAlmostEqual(added_ml, 3.0, delta=0.6)
            # uniform in mm: the growth reaches further in-plane (in voxels) than across the 5 mm slices
            from scipy import ndimage
            dist = ndimage.distance_transform_edt(~mask.astype(bool), sampling=spacing)
            self.assertLessEqual(float(dist[grown].max()), float(dist[~grown].min()) + 1e-9)
            # negative growth erodes
            shrunk, d = baselines.dilate_by_volume(mask.astype(bool), spacing, -1.0)
            self.assertLess(d, 0)
            self.assertAlmostEqual((mask.sum() - shrunk.sum()) * voxel_ml, 1.0, delta=0.5)

    def test_oracle_volume_grows_each_case_by_its_own_change(self):
        with tempfile.TemporaryDirectory() as t:
            data = os.path.join(t, "synth")
            voxel_ml = 0.5 * 0.5 * 5.0 / 1000.0
            masks = {}
            for name, radius, growth in (("case-0001", 10.0, 2.0), ("case-0002", 11.0, 4.0), ("case-0003", 10.0, -1.0)):
                masks[name], _ = fixtures.make_synth_case(data, name, radius_mm=radius, growth_ml=growth)
            with contextlib.redirect_stdout(io.StringIO()):
                baselines.main(["--data", data, "--out", os.path.join(t, "oracle"), "--kind", "oracle-volume"])
            for name, growth in (("case-0001", 2.0), ("case-0002", 4.0), ("case-0003", -1.0)):
                pred = np.asarray(nib.load(os.path.join(t, "oracle", name, "prediction.mask.nii.gz")).dataobj)
                self.assertAlmostEqual((int(pred.sum()) - int(masks[name].sum())) * voxel_ml, growth, delta=0.5)

    def test_risk_oracle_grows_by_the_expected_growth_at_the_cases_own_risk(self):
        with tempfile.TemporaryDirectory() as t:
            train_dir = os.path.join(t, "train")
            # HE threshold of a 12 mL baseline: min(6, 0.33 x 12) = 3.96 mL; growth ratios 2 (expanding), 0.1 (other)
            fixtures.make_synth_case(train_dir, "case-0001", growth_ml=7.92,
                                     meta={"baselineVolumeMl": 12.0, "expansionDrawn": True})
            fixtures.make_synth_case(train_dir, "case-0002", growth_ml=0.396,
                                     meta={"baselineVolumeMl": 12.0, "expansionDrawn": False})
            ratios = baselines.growth_ratios(train_dir)
            self.assertAlmostEqual(ratios[0], 2.0)
            self.assertAlmostEqual(ratios[1], 0.1)
            data = os.path.join(t, "test")
            # threshold min(6, 3.3) = 3.3 mL; p 0.5: 3.3 x (0.5 x 2 + 0.5 x 0.1) = 3.465 mL
            mask, _ = fixtures.make_synth_case(data, "case-0001", meta={"baselineVolumeMl": 10.0, "heProbability": 0.5})
            fixtures.make_synth_case(data, "case-0002", meta={"baselineVolumeMl": 10.0, "heProbability": 0.05})
            out = os.path.join(t, "pred")
            with contextlib.redirect_stdout(io.StringIO()):
                baselines.main(["--data", data, "--out", out, "--kind", "risk-oracle", "--train", train_dir,
                                "--min-risk", "0.1"])
            voxel_ml = 0.5 * 0.5 * 5.0 / 1000.0
            grown = np.asarray(nib.load(os.path.join(out, "case-0001", "prediction.mask.nii.gz")).dataobj)
            self.assertAlmostEqual((int(grown.sum()) - int(mask.sum())) * voxel_ml, 3.465, delta=0.6)
            low = np.asarray(nib.load(os.path.join(out, "case-0002", "prediction.mask.nii.gz")).dataobj)
            np.testing.assert_array_equal(low, mask)  # below --min-risk: no growth
            with open(os.path.join(out, "baseline.json")) as f:
                self.assertEqual(json.load(f)["riskOracle"]["minRisk"], 0.1)
            self.assertAlmostEqual(baselines.risk_oracle_growth_ml({"baselineVolumeMl": 30.0, "heProbability": 1.0},
                                                                   ratios, 2.0, 0.0), 24.0)  # 2 x 6 x 2


if __name__ == "__main__":
    unittest.main()
