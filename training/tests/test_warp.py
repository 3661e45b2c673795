import unittest

import torch
import torch.nn.functional as F

from hemtrain.warp import affine_coords, displacement_to_coords, identity_grid, to_grid_sample_grid, warp


class WarpTest(unittest.TestCase):
    def test_matches_grid_sample(self):
        torch.manual_seed(0)
        for size, out_size in (((7, 9, 11), (5, 6, 8)), ((32, 32, 32), (32, 32, 32)), ((4, 5, 3), (6, 2, 7))):
            vol = torch.randn(2, 3, *size)
            # grid_sample's grid in [-1.3, 1.3] (some samples outside), and the same positions in voxels computed
            # the way grid_sample un-normalises them ((g + 1) / 2 * (n - 1), align_corners=True)
            grid = torch.rand(2, *out_size, 3) * 2.6 - 1.3
            coords = torch.stack([(grid[..., 2 - axis] + 1) / 2 * (size[axis] - 1) for axis in range(3)], dim=1)
            ours = warp(vol, coords)
            ref = F.grid_sample(vol, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
            self.assertLess(float((ours - F.grid_sample(vol, to_grid_sample_grid(coords, size), align_corners=True))
                                  .abs().max()), 1e-4)
            self.assertEqual(ours.shape, ref.shape)
            self.assertLess(float((ours - ref).abs().max()), 1e-5, size)

    def test_integer_and_border_positions(self):
        vol = torch.randn(1, 1, 6, 6, 6)
        grid = identity_grid((6, 6, 6))
        self.assertLess(float((warp(vol, grid) - vol).abs().max()), 1e-6)
        # exactly on the last voxel, and just outside it: grid_sample's zero padding, corner by corner
        coords = grid.clone()
        coords[:, 2] = 5.0
        ref = F.grid_sample(vol, to_grid_sample_grid(coords, (6, 6, 6)), align_corners=True)
        self.assertLess(float((warp(vol, coords) - ref).abs().max()), 1e-6)
        coords[:, 2] = 5.5
        ref = F.grid_sample(vol, to_grid_sample_grid(coords, (6, 6, 6)), align_corners=True)
        self.assertLess(float((warp(vol, coords) - ref).abs().max()), 1e-6)
        self.assertLess(float((warp(vol, coords) - 0.5 * vol[..., 5:6]).abs().max()), 1e-6)

    def test_gradients_match(self):
        torch.manual_seed(1)
        vol = torch.randn(1, 2, 8, 8, 8)
        disp = (torch.randn(1, 3, 8, 8, 8) * 1.5).requires_grad_(True)
        warp(vol, displacement_to_coords(disp)).pow(2).sum().backward()
        g1 = disp.grad.clone()
        disp.grad = None
        F.grid_sample(vol, to_grid_sample_grid(displacement_to_coords(disp), (8, 8, 8)), align_corners=True).pow(2).sum().backward()
        self.assertLess(float((g1 - disp.grad).abs().max()), 1e-3)

    def test_affine_identity_and_translation(self):
        grid = identity_grid((8, 8, 8))
        theta = torch.tensor([[[1.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 1.0, 0]]])
        self.assertLess(float((affine_coords(theta, grid, (8, 8, 8)) - grid).abs().max()), 1e-5)
        theta[0, 2, 3] = 2.0 / 7.0  # one voxel along x in normalised units (half-extent 3.5 voxels)
        moved = affine_coords(theta, grid, (8, 8, 8))
        self.assertLess(float((moved[:, 2] - grid[:, 2] - 1.0).abs().max()), 1e-5)
        self.assertLess(float((moved[:, :2] - grid[:, :2]).abs().max()), 1e-5)


if __name__ == "__main__":
    unittest.main()
