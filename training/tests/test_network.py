import unittest

import torch

from hemtrain.losses import LossWeights, ct_l1, growth_dice_loss, smoothness, soft_dice_loss, total_loss
from hemtrain.network import ExpansionNet, ExportWrapper, count_parameters
from tests.fixtures import ball


class NetworkTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.net = ExpansionNet(widths=(4, 8, 16))
        mask = torch.from_numpy(ball((32, 32, 32), (15.3, 16.0, 17.2), 7.0))
        ct = 0.35 + 0.3 * mask + 0.02 * torch.randn(32, 32, 32)
        self.x = torch.stack([ct, mask])[None].repeat(2, 1, 1, 1, 1)

    def test_shapes(self):
        warped, field, theta = self.net(self.x)
        self.assertEqual(tuple(warped.shape), (2, 2, 32, 32, 32))
        self.assertEqual(tuple(field.shape), (2, 3, 32, 32, 32))
        self.assertEqual(tuple(theta.shape), (2, 3, 4))
        out = ExportWrapper(self.net)(self.x)
        self.assertEqual(tuple(out.shape), (2, 1, 32, 32, 32))
        self.assertGreaterEqual(float(out.min()), 0.0)
        self.assertLessEqual(float(out.max()), 1.0)

    def test_identity_at_initialisation(self):
        with torch.no_grad():
            warped, field, theta = self.net(self.x)
        self.assertLess(float(field.abs().max()), 1e-2)
        eye = torch.tensor([[1.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 1.0, 0]])
        self.assertLess(float((theta - eye).abs().max()), 1e-6)
        self.assertLess(float((warped - self.x).abs().max()), 1e-3)  # prediction = baseline mask (and CT)

    def test_default_widths_parameter_count(self):
        net = ExpansionNet()
        self.assertEqual(net.widths, (8, 16, 32, 64))
        self.assertLess(count_parameters(net) * 4, 5 * 1024 * 1024)

    def test_field_moves_the_mask(self):
        # a constant field of +2 voxels along x samples from x + 2: the mask moves 2 voxels towards -x
        with torch.no_grad():
            self.net.flow.weight.zero_()
            self.net.flow.bias.copy_(torch.tensor([0.0, 0.0, 2.0]))
            warped, _, _ = self.net(self.x)
        expected = torch.zeros_like(self.x[:, 1])
        expected[..., :-2] = self.x[:, 1, ..., 2:]
        self.assertLess(float((warped[:, 1] - expected).abs().max()), 1e-4)

    def test_losses(self):
        mask = self.x[:, 1:2]
        self.assertLess(float(soft_dice_loss(mask, mask)), 1e-6)
        self.assertGreater(float(soft_dice_loss(mask, torch.roll(mask, 5, dims=-1))), 0.3)
        self.assertEqual(float(smoothness(torch.ones(1, 3, 8, 8, 8))), 0.0)
        ramp = torch.arange(8.0).view(1, 1, 1, 1, 8).expand(1, 3, 8, 8, 8)
        self.assertAlmostEqual(float(smoothness(ramp)), 1.0 / 3.0, places=5)
        ct = self.x[:, 0:1]
        has = torch.tensor([True, False])
        self.assertAlmostEqual(float(ct_l1(ct + 0.1, ct, has)), 0.1, places=5)
        self.assertEqual(float(ct_l1(ct + 0.1, ct, torch.tensor([False, False]))), 0.0)
        warped, field, _ = self.net(self.x)
        total, parts = total_loss(warped, field, mask, ct, has, LossWeights(smooth=0.5, ct=2.0, dice=3.0))
        self.assertAlmostEqual(float(total), 0.5 * parts["smooth"] + 2.0 * parts["ct"] + 3.0 * parts["dice"], places=5)
        total.backward()
        self.assertIsNotNone(self.net.flow.weight.grad)

    def test_growth_loss_scores_only_new_voxels(self):
        baseline = torch.zeros(1, 1, 8, 8, 8)
        baseline[..., 2:5, 2:5, 2:5] = 1.0                      # 27 voxels
        grown = baseline.clone()
        grown[..., 5, 2:5, 2:5] = 1.0                           # 9 new voxels on one face
        other = baseline.clone()
        other[..., 1, 2:5, 2:5] = 1.0                           # 9 new voxels on the opposite face
        # no growth predicted where none happened: 0; the right growth: 0 (up to the 1-voxel smoothing)
        self.assertAlmostEqual(float(growth_dice_loss(baseline, baseline, baseline)), 0.0, places=6)
        self.assertAlmostEqual(float(growth_dice_loss(grown, grown, baseline)), 0.0, places=6)
        # growth on the wrong face: soft Dice (0 + 1) / (9 + 9 + 1) by hand
        self.assertAlmostEqual(float(growth_dice_loss(other, grown, baseline)), 1.0 - 1.0 / 19.0, places=5)
        # growth predicted where none happened: (0 + 1) / (9 + 0 + 1)
        self.assertAlmostEqual(float(growth_dice_loss(grown, baseline, baseline)), 1.0 - 1.0 / 10.0, places=5)
        ct = torch.zeros_like(baseline)
        field = torch.zeros(1, 3, 8, 8, 8)
        warped = torch.cat([ct, other], dim=1)
        weights = LossWeights(smooth=0.0, ct=0.0, dice=1.0, growth=2.0)
        total, parts = total_loss(warped, field, grown, ct, torch.tensor([False]), weights, baseline)
        self.assertAlmostEqual(float(total), parts["dice"] + 2.0 * parts["growth"], places=5)
        with self.assertRaises(ValueError):
            total_loss(warped, field, grown, ct, torch.tensor([False]), weights)


if __name__ == "__main__":
    unittest.main()
